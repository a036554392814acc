using Ablation.Torch.Serialization;
using Xunit;

namespace Ablation.Torch.Tests;

/// <summary>The nn golden fixtures (tests/reference/nn_*.py) and a tolerance check for tensors.</summary>
internal static class NnFixtures
{
    private static readonly Dictionary<string, Lazy<Dictionary<string, Tensor>>> Files = new();

    /// <summary>A fixture file's tensors, loaded once per test run (owned by no scope).</summary>
    public static Dictionary<string, Tensor> Load(string name)
    {
        lock (Files)
        {
            if (!Files.TryGetValue(name, out var lazy))
                Files[name] = lazy = new Lazy<Dictionary<string, Tensor>>(() =>
                {
                    var tensors = Safetensors.Load(Fixtures.Path(name));
                    foreach (var t in tensors.Values) DisposeScope.Detach(t);
                    return tensors;
                });
            return lazy.Value;
        }
    }

    /// <summary>|actual - expected| <= rtol * max(|actual|, |expected|) + atol, elementwise, same dtype and shape.</summary>
    public static void AssertClose(string what, Tensor expected, Tensor actual, double rtol = 1e-5, double atol = 1e-6)
    {
        Assert.True(expected.DType == actual.DType, $"{what}: dtype {actual.DType}, PyTorch gives {expected.DType}");
        Assert.True(expected.Shape.SequenceEqual(actual.Shape),
            $"{what}: shape [{string.Join(", ", actual.Shape)}], PyTorch gives [{string.Join(", ", expected.Shape)}]");
        using var scope = torch.NewScope();
        var e = expected.Detach().To(DType.Float64).ToArray<double>();
        var a = actual.Detach().To(DType.Float64).ToArray<double>();
        for (int i = 0; i < e.Length; i++)
            if (!(Math.Abs(e[i] - a[i]) <= rtol * Math.Max(Math.Abs(e[i]), Math.Abs(a[i])) + atol))
                Assert.Fail($"{what}: element {i} is {a[i]:R}, PyTorch gives {e[i]:R}");
    }
}

/// <summary>
/// Tests that seed libtorch's global generator (and compare what it draws with PyTorch) or read global memory
/// counters: they run alone, because a test drawing random numbers or allocating in parallel would disturb them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SeededCollection
{
    public const string Name = "global libtorch state (generator, memory counters)";
}
