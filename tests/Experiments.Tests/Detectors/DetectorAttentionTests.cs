using System.Text.Json;
using Ablation.Experiments.Attention;
using Ablation.Experiments.Detectors;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Ablation.Experiments.Tests.Detectors;

/// <summary>
/// The registry's attention modules inside the detectors: every module at every placement of both families builds
/// with its channels taken from the map and keeps the output shape (meta device), and a rotation that puts each
/// module on YOLOv5 and on YOLOX, and each placement under several modules, reproduces detectors_ref.py (which
/// builds the same modules from attention_ref.py) in outputs, loss and gradients.
/// </summary>
public class DetectorAttentionTests
{
    private static readonly string[] V5Placements = DetectorPlacement.Names.Append("after:[3, 12, 21]").ToArray();
    private static readonly string[] Modules = AttentionRegistry.Names.Where(n => n != "none").ToArray();

    public static TheoryData<string, string, string> EveryModuleAtEveryPlacement()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var m in Modules)
        {
            foreach (var p in V5Placements) data.Add("yolov5n", m, p);
            foreach (var p in DetectorPlacement.Names) data.Add("yolox-s", m, p);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryModuleAtEveryPlacement))]
    public void BuildsAndKeepsTheOutputShape(string model, string attention, string placement)
    {
        var spec = new AttentionSpec(attention, new Dictionary<string, string>());
        var channels = new List<long>();
        var detector = DetectorRegistry.Create(model, 80, DetectorPlacement.Parse(placement), c =>
        {
            channels.Add(c);
            return AttentionRegistry.Create(spec, c, META);
        }, device: META);
        using var m = (nn.Module<Tensor, Tensor>)detector;
        m.eval();
        Tensor y;
        using (no_grad()) y = m.forward(zeros(1, 3, 256, 256, device: META));
        Assert.Equal(new long[] { 1, 3 * (32 * 32 + 16 * 16 + 8 * 8) / (model == "yolox-s" ? 3 : 1), 85 }, y.shape);
        Assert.Equal(channels.Count, detector.AttentionSites.Count);
        Assert.True(channels.Count > 0);
        Assert.All(detector.AttentionSites, s => Assert.Contains(m.state_dict().Keys, k => k.StartsWith(s + ".attn.", StringComparison.Ordinal)
            || attention == "simam"));
    }

    private static IEnumerable<(string Name, string Model, string Attention, string Placement)> Rotation()
    {
        for (int k = 0; k < Modules.Length; k++)
        {
            yield return ($"v5-{Modules[k]}", "yolov5n", Modules[k], V5Placements[k % V5Placements.Length]);
            yield return ($"x-{Modules[k]}", "yolox-s", Modules[k], DetectorPlacement.Names[(k + 3) % DetectorPlacement.Names.Count]);
        }
    }

    private static readonly Lazy<string> Generated = new(() =>
    {
        var dir = Path.Combine(Path.GetTempPath(), "ablation-detector-attention-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        var cases = Rotation().Select(c => new Dictionary<string, object?>
        {
            ["name"] = c.Name, ["model"] = c.Model, ["classes"] = 3, ["width"] = 0.0625, ["placement"] = c.Placement,
            ["attention"] = c.Attention, ["input"] = 64, ["float64"] = true,
        }).ToList();
        var list = Path.Combine(dir, "cases.json");
        File.WriteAllText(list, JsonSerializer.Serialize(cases));
        DetectorReference.Run("cases", "--list", list, "--outdir", dir);
        return dir;
    });

    public static TheoryData<string> RotationNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in Rotation()) data.Add(c.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(RotationNames))]
    public void ReproducesTheReference(string name)
    {
        var c = Rotation().Single(r => r.Name == name);
        var spec = new AttentionSpec(c.Attention, new Dictionary<string, string>());
        DetectorNumerics.Check(Path.Combine(Generated.Value, name + ".safetensors"), new DetectorNumerics.Case(c.Model, 3, 0.0625, c.Placement), ch =>
        {
            var m = AttentionRegistry.Create(spec, ch);
            m?.to(ScalarType.Float64);
            return m;
        });
    }
}
