using System.Diagnostics;
using System.Text.Json;
using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using Ablation.TorchSupport.nn;

namespace Ablation.Experiments.Tests.Backbones;

/// <summary>
/// The PyTorch side of the backbone tests: tests/reference/backbones_ref.py (run with Debian's python3
/// and python3-torch) and its committed fixture of keys, parameter counts and attention sites.
/// </summary>
internal static class BackboneReference
{
    public const string Interpreter = "/usr/bin/python3";

    public static readonly string RepoRoot = FindRepoRoot();
    public static string Script => Path.Combine(RepoRoot, "tests", "reference", "backbones_ref.py");
    public static string KeysFixture => Path.Combine(RepoRoot, "tests", "reference", "fixtures", "backbones_keys.json");

    private static string FindRepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "tests", "reference", "backbones_ref.py")))
                return d.FullName;
        throw new DirectoryNotFoundException("tests/reference/backbones_ref.py not found above " + AppContext.BaseDirectory);
    }

    private static readonly Lazy<JsonDocument> Keys = new(() => JsonDocument.Parse(File.ReadAllText(KeysFixture)));

    /// <summary>The fixture's entry for a backbone at input 224 ("224") or 32 ("32").</summary>
    public static JsonElement Entry(string backbone, string size) => Keys.Value.RootElement.GetProperty(backbone).GetProperty(size);

    public static IEnumerable<string> Backbones => Keys.Value.RootElement.EnumerateObject().Select(p => p.Name);

    /// <summary>Runs backbones_ref.py with <paramref name="args"/>; throws with its stderr on failure.</summary>
    public static void Run(params string[] args)
    {
        var psi = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Script);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"backbones_ref.py {string.Join(" ", args)} failed ({p.ExitCode}): {stderr}");
        _ = stdout.Result;
    }
}

/// <summary>
/// The stand-in attention module of backbones_ref.py: y = x * sigmoid(weight) per channel. It records
/// the shape it sees and the order of calls, so placements are checked without the attention modules.
/// </summary>
internal sealed class Probe : ExplicitModule
{
    private readonly List<Probe>? calls;
    public Tensor weight { get => w; set => w = Reassign(nameof(weight), value, parameter: true)!; }
    private Tensor w;
    public long[]? Seen { get; private set; }

    public Probe(long channels, Device? device, List<Probe>? calls = null) : base(nameof(Probe))
    {
        w = RegisterParameter("weight", torch.randn(new[] { channels }, device: device));
        this.calls = calls;
    }

    public override Tensor forward(Tensor input)
    {
        Seen = input.shape.ToArray();
        calls?.Add(this);
        return input * F.sigmoid(weight).view(1, -1, 1, 1);
    }
}
