using System.Diagnostics;
using System.Text.Json;
using Ablation.TorchSupport.nn;
using TorchSharp;
using static TorchSharp.torch;

namespace Ablation.Experiments.Tests.Detectors;

/// <summary>
/// The PyTorch side of the detector tests: tests/reference/detectors_ref.py (Debian's python3 with
/// python3-torch), its committed fixtures (detectors_keys.json, fixtures/detectors/*.safetensors) and, for
/// cases not committed, files it writes at test time.
/// </summary>
internal static class DetectorReference
{
    public const string Interpreter = "/usr/bin/python3";

    public static readonly string RepoRoot = FindRepoRoot();
    public static string Script => Path.Combine(RepoRoot, "tests", "reference", "detectors_ref.py");
    public static string FixtureDir => Path.Combine(RepoRoot, "tests", "reference", "fixtures", "detectors");
    public static string KeysFixture => Path.Combine(RepoRoot, "tests", "reference", "fixtures", "detectors_keys.json");

    private static string FindRepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "tests", "reference", "detectors_ref.py")))
                return d.FullName;
        throw new DirectoryNotFoundException("tests/reference/detectors_ref.py not found above " + AppContext.BaseDirectory);
    }

    private static readonly Lazy<JsonDocument> Keys = new(() => JsonDocument.Parse(File.ReadAllText(KeysFixture)));

    public static JsonElement Entry(string model) => Keys.Value.RootElement.GetProperty(model);

    /// <summary>Runs detectors_ref.py with <paramref name="args"/>; throws with its stderr on failure.</summary>
    public static void Run(params string[] args)
    {
        var psi = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Script);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"detectors_ref.py {string.Join(" ", args)} failed ({p.ExitCode}): {stderr}");
        _ = stdout.Result;
    }

    /// <summary>Every tensor of a safetensors file, as float64 where floating (int64 stays int64).</summary>
    public static Dictionary<string, Tensor> Load(string path)
    {
        var raw = TorchSharp.PyBridge.Safetensors.LoadStateDict(path);
        var result = new Dictionary<string, Tensor>();
        foreach (var (k, v) in raw)
        {
            result[k] = v.is_floating_point() ? v.to(ScalarType.Float64) : v;
            result[k].DetachFromDisposeScope();
        }
        return result;
    }

    /// <summary>Copies every <c>weights.*</c> tensor into the model's state (built in float64); the key sets
    /// must be equal.</summary>
    public static void LoadWeights(nn.Module model, Dictionary<string, Tensor> file)
    {
        var state = model.state_dict();
        var expected = file.Keys.Where(k => k.StartsWith("weights.", StringComparison.Ordinal)).Select(k => k["weights.".Length..]).ToHashSet();
        var missing = expected.Except(state.Keys).ToList();
        var extra = state.Keys.Except(expected).ToList();
        if (missing.Count > 0 || extra.Count > 0)
            throw new InvalidOperationException($"state-dict keys differ: missing in C# [{string.Join(", ", missing.Take(5))}], extra in C# [{string.Join(", ", extra.Take(5))}]");
        using var _ = no_grad();
        foreach (var (k, t) in state) t.copy_(file["weights." + k]);
    }

    /// <summary>Asserts max |actual - expected| &lt;= tol * max(max |expected|, 1e-3): 1e-5 relative to the
    /// tensor's scale (detector gradients are small, so an absolute 1e-5 would test nothing).</summary>
    public static void Close(Tensor expected, Tensor actual, string what, double tol = 1e-5)
    {
        Xunit.Assert.True(expected.shape.SequenceEqual(actual.shape),
            $"{what}: shape [{string.Join(", ", actual.shape)}], expected [{string.Join(", ", expected.shape)}]");
        if (expected.numel() == 0) return;
        var e = expected.to(ScalarType.Float64);
        var a = actual.detach().to(ScalarType.Float64);
        double scale = Math.Max(e.abs().max().item<double>(), 1e-3);
        double diff = (a - e).abs().max().item<double>();
        Xunit.Assert.True(diff <= tol * scale, $"{what}: max |diff| {diff:E3} > {tol:E0} x {scale:E3}");
    }
}

/// <summary>
/// The stand-in attention module of backbones_ref.py's Probe: y = x * sigmoid(weight) per channel. It records
/// the shape it sees, so placements are checked without the attention modules.
/// </summary>
internal sealed class Probe : ExplicitModule
{
    public Tensor weight { get; }
    public long[]? Seen { get; private set; }

    public Probe(long channels, Device? device = null, ScalarType dtype = ScalarType.Float32) : base(nameof(Probe))
    {
        weight = RegisterParameter("weight", randn(new[] { channels }, dtype, device));
    }

    public override Tensor forward(Tensor input)
    {
        Seen = input.shape.ToArray();
        return input * TorchSupport.F.sigmoid(weight).view(1, -1, 1, 1);
    }
}
