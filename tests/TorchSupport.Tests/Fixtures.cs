using TorchSharp;
using TorchSharp.PyBridge;
using Xunit;
using static TorchSharp.torch;

namespace Ablation.TorchSupport.Tests;

/// <summary>
/// The golden fixtures of tests/TorchSupport.Tests/fixtures (written by the scripts of tests/reference with
/// PyTorch), loaded once per test run, and a tolerance check for tensors.
/// </summary>
internal static class Fixtures
{
    private static readonly Dictionary<string, Lazy<Dictionary<string, Tensor>>> Files = new();

    public static string Dir { get; } = FindDir();

    private static string FindDir()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "tests", "TorchSupport.Tests", "fixtures");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("tests/TorchSupport.Tests/fixtures not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A fixture file's tensors (owned by no dispose scope: they live for the test run).</summary>
    public static Dictionary<string, Tensor> Load(string name)
    {
        lock (Files)
        {
            if (!Files.TryGetValue(name, out var lazy))
                Files[name] = lazy = new Lazy<Dictionary<string, Tensor>>(() =>
                {
                    var tensors = Safetensors.LoadStateDict(Path.Combine(Dir, name));
                    foreach (var t in tensors.Values) t.DetachFromDisposeScope();
                    return tensors;
                });
            return lazy.Value;
        }
    }

    /// <summary>|actual - expected| &lt;= rtol * max(|actual|, |expected|) + atol, elementwise, same dtype and shape.</summary>
    public static void AssertClose(string what, Tensor expected, Tensor actual, double rtol = 1e-5, double atol = 1e-6)
    {
        Assert.True(expected.dtype == actual.dtype, $"{what}: dtype {actual.dtype}, PyTorch gives {expected.dtype}");
        Assert.True(expected.shape.SequenceEqual(actual.shape),
            $"{what}: shape [{string.Join(", ", actual.shape)}], PyTorch gives [{string.Join(", ", expected.shape)}]");
        using var scope = torch.NewDisposeScope();
        var e = expected.detach().to(ScalarType.Float64).cpu().data<double>().ToArray();
        var a = actual.detach().to(ScalarType.Float64).cpu().data<double>().ToArray();
        for (int i = 0; i < e.Length; i++)
            if (!(Math.Abs(e[i] - a[i]) <= rtol * Math.Max(Math.Abs(e[i]), Math.Abs(a[i])) + atol))
                Assert.Fail($"{what}: element {i} is {a[i]:R}, PyTorch gives {e[i]:R}");
    }
}
