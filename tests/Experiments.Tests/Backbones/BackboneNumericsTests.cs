using System.Text.Json;
using Ablation.Experiments.Attention;
using Ablation.Experiments.Backbones;
using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using Ablation.TorchSupport.nn;
using Xunit;

namespace Ablation.Experiments.Tests.Backbones;

/// <summary>One numerics case: a backbone, its input side, and optionally an attention placement.</summary>
public sealed record NumericsCase(string Name, string Backbone, int Input, string? Stem = null, double Width = 1.0,
    string? Placement = null, int[]? Stages = null, string Attention = "probe", bool Float64 = false)
{
    public override string ToString() => Name;
}

/// <summary>
/// Generates every case's fixture once per test run, in one python process (backbones_ref.py cases):
/// weights, input, outputs, input and parameter gradients and buffers after the pass, in eval and train
/// mode. The weights are tens of megabytes, so they are generated at test time, never committed.
/// </summary>
public sealed class BackboneNumericsFixture : IDisposable
{
    // One case per family and code path; the other depths of a family share every code path with these
    // and are covered by the structure tests (keys, shapes, parameter counts, sites).
    public static readonly NumericsCase[] Cases =
    {
        new("resnet18-imagenet-stem", "resnet18", 32, Stem: "imagenet", Float64: true),
        new("resnet18-cifar-stem", "resnet18", 16),
        // 64, not 32: at 32 the last stage is 1x1, so each train-mode BN normalises 2 values and amplifies rounding by ~1e12.
        new("resnet50v1-block-s4", "resnet50-v1", 64, Stem: "imagenet", Placement: "block", Stages: new[] { 4 }, Float64: true),
        new("resnext50", "resnext50-32x4d", 32, Stem: "imagenet", Float64: true),
        new("resnet20", "resnet20", 16),
        new("resnet20-block", "resnet20", 8, Placement: "block"),
        new("resnet20-post-s23", "resnet20", 8, Placement: "post", Stages: new[] { 2, 3 }),
        new("resnet20-stage", "resnet20", 8, Placement: "stage"),
        new("resnet20-final", "resnet20", 8, Placement: "final"),
        new("preresnet110-block-s3", "preresnet110", 8, Placement: "block", Stages: new[] { 3 }),
        new("wrn16-8-post", "wrn16-8", 8, Placement: "post", Stages: new[] { 1 }, Float64: true),
        new("mobilenetv2", "mobilenetv2", 32, Stem: "imagenet", Float64: true),
        new("mobilenetv2-w05-cifar-block", "mobilenetv2", 16, Width: 0.5, Placement: "block", Float64: true),
        new("mobilenetv2-w05-cifar-stage", "mobilenetv2", 16, Width: 0.5, Placement: "stage", Stages: new[] { 1, 3 }, Float64: true),
        new("mobilenetv2-w05-cifar-final", "mobilenetv2", 16, Width: 0.5, Placement: "final", Float64: true),
        // Real attention modules (tests/reference/attention_ref.py on the Python side) at their usual sites,
        // in float64: in float32, train-mode BN over the 2x2 maps of an 8x8 input amplifies rounding
        // differences of reductions (CBAM's pooling, CA's directional means) to ~3e-5 relative.
        new("resnet20-se-block", "resnet20", 8, Placement: "block", Attention: "se", Float64: true),
        new("resnet20-cbam-post", "resnet20", 8, Placement: "post", Attention: "cbam", Float64: true),
        new("resnet20-bam-stage", "resnet20", 16, Placement: "stage", Attention: "bam", Float64: true),
        new("resnet20-eca-block", "resnet20", 8, Placement: "block", Attention: "eca", Float64: true),
        new("mobilenetv2-w05-ca-block", "mobilenetv2", 16, Width: 0.5, Placement: "block", Attention: "ca", Float64: true),
    };

    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "ablation-backbones-" + Guid.NewGuid().ToString("N"));

    public BackboneNumericsFixture()
    {
        Directory.CreateDirectory(Dir);
        var list = Cases.Select(c => new Dictionary<string, object?>
        {
            ["name"] = c.Name, ["backbone"] = c.Backbone, ["input"] = c.Input, ["batch"] = 2, ["classes"] = 10,
            ["stem"] = c.Stem, ["width"] = c.Width, ["placement"] = c.Placement,
            ["stages"] = c.Stages is null ? null : string.Join(",", c.Stages), ["attention"] = c.Attention,
            ["float64"] = c.Float64,
        });
        var listPath = Path.Combine(Dir, "cases.json");
        File.WriteAllText(listPath, JsonSerializer.Serialize(list));
        BackboneReference.Run("cases", "--list", listPath, "--outdir", Dir);
    }

    public string PathOf(NumericsCase c) => Path.Combine(Dir, c.Name + ".safetensors");

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}

/// <summary>
/// Outputs, input gradients, parameter gradients and running statistics of every backbone family (with
/// and without attention placements) equal the PyTorch reference given the same weights, within 1e-5
/// relative (max |a - b| / max |b|, with max |b| floored at 1e-8), in eval and train mode.
/// </summary>
public class BackboneNumericsTests(BackboneNumericsFixture fixture) : IClassFixture<BackboneNumericsFixture>
{
    private const double Tolerance = 1e-5;

    public static TheoryData<NumericsCase> AllCases()
    {
        var data = new TheoryData<NumericsCase>();
        foreach (var c in BackboneNumericsFixture.Cases) data.Add(c);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void OutputsGradientsAndStatisticsEqualTheReference(NumericsCase c)
    {
        var golden = StateDicts.Read(fixture.PathOf(c));
        try
        {
            var spec = new ModelSpec(c.Backbone, new AttentionSpec(c.Placement is null ? "none" : c.Attention),
                c.Placement ?? Placement.Block, c.Stages, Classes: 10, ImageSize: c.Input, Stem: c.Stem, Width: c.Width);
            using var model = ModelFactory.Build(spec, CPU, ch => c.Attention == "probe"
                ? new Probe(ch, CPU)
                : AttentionRegistry.Create(spec.Attention, ch), dropout: 0.0);
            if (c.Float64) model.to(ScalarType.Float64);
            var weights = golden.Where(kv => kv.Key.StartsWith("weights.")).ToDictionary(kv => kv.Key["weights.".Length..], kv => kv.Value);
            Assert.Equal(golden["param_count"].item<long>(), model.parameters().Sum(p => p.numel()));
            foreach (var mode in new[] { "eval", "train" })
            {
                StateDicts.Load(model, weights);
                model.train(mode == "train");
                model.zero_grad();
                using var scope = torch.NewDisposeScope();
                var x = golden["input"].clone().requires_grad_();
                var y = model.forward(x);
                AssertClose(golden[$"{mode}.output"], y, $"{c.Name} {mode} output");
                (y * golden["grad_output"]).sum().backward();
                AssertClose(golden[$"{mode}.grad.input"], x.grad!, $"{c.Name} {mode} grad input");
                var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
                var checkedGrads = 0;
                foreach (var (key, expected) in golden.Where(kv => kv.Key.StartsWith($"{mode}.grad.") && kv.Key != $"{mode}.grad.input"))
                {
                    var name = key[$"{mode}.grad.".Length..];
                    AssertClose(expected, parameters[name].grad!, $"{c.Name} {mode} grad {name}");
                    checkedGrads++;
                }
                Assert.True(checkedGrads > 0, "the fixture has parameter gradients");
                var buffers = model.named_buffers().ToDictionary(b => b.name, b => b.buffer);
                foreach (var (key, expected) in golden.Where(kv => kv.Key.StartsWith($"{mode}.state.")))
                    AssertClose(expected, buffers[key[$"{mode}.state.".Length..]], $"{c.Name} {mode} {key}");
            }
        }
        finally
        {
            foreach (var t in golden.Values) t.Dispose();
        }
    }

    private static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        Assert.True(expected.shape.SequenceEqual(actual.shape),
            $"{what}: shape [{string.Join(",", actual.shape.ToArray())}], expected [{string.Join(",", expected.shape.ToArray())}]");
        using var e = expected.to(ScalarType.Float64);
        using var a = actual.detach().to(ScalarType.Float64);
        var ev = e.data<double>().ToArray();
        var av = a.data<double>().ToArray();
        double maxDiff = 0, maxRef = 0;
        for (var i = 0; i < ev.Length; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs(ev[i] - av[i]));
            maxRef = Math.Max(maxRef, Math.Abs(ev[i]));
        }
        // A gradient that is zero in exact arithmetic (a BN bias followed by another train-mode BN) is
        // rounding noise on both sides: below 1e-5 the reference counts as zero and the check is absolute (1e-10).
        // (libtorch 2.10 against PyTorch 1.13 rounds differently; the old binding ran PyTorch 1.13's own library.)
        var rel = maxDiff / Math.Max(maxRef, 1e-5);
        Assert.True(rel <= Tolerance, $"{what}: relative difference {rel:E2} > {Tolerance:E0} (max |diff| {maxDiff:E2}, max |ref| {maxRef:E2})");
    }
}
