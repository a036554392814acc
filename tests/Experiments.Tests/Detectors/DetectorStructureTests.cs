using System.Globalization;
using System.Text.Json;
using Ablation.Experiments.Detectors;
using Ablation.Experiments.Detectors.YoloV5;
using Ablation.TorchSupport;
using Xunit;
using static TorchSharp.torch;

namespace Ablation.Experiments.Tests.Detectors;

/// <summary>
/// Structure against detectors_ref.py's committed listing (fixtures/detectors_keys.json, 80 classes): state-dict
/// keys and shapes in order, parameter counts, YOLOv5's layer table, the attention sites of every placement
/// with their input shapes at 640, and MACs at 640 (all on the meta device: no arithmetic).
/// </summary>
public class DetectorStructureTests
{
    public static TheoryData<string> Models() => new() { "yolov5n", "yolov5s", "yolov5m", "yolox-s" };

    [Theory]
    [MemberData(nameof(Models))]
    public void KeysShapesAndParamsEqualTheReference(string name)
    {
        var entry = DetectorReference.Entry(name);
        using var model = (nn.Module)DetectorRegistry.Create(name, 80, device: META);
        // TorchSharp lists parameters before buffers, PyTorch module by module: compare as sets.
        var keys = model.state_dict().Select(kv => $"{kv.Key}:{string.Join(",", kv.Value.shape)}").Order(StringComparer.Ordinal).ToList();
        var expected = entry.GetProperty("keys").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, keys);
        Assert.Equal(entry.GetProperty("params").GetInt64(), model.parameters().Sum(p => p.numel()));
    }

    [Theory]
    [InlineData("yolov5n", 1_872_157)]
    [InlineData("yolov5s", 7_235_389)]
    [InlineData("yolov5m", 21_190_557)]
    public void ParamsAreTheOnesUltralyticsPrints(string name, long published)
    {
        using var model = (nn.Module)DetectorRegistry.Create(name, 80, device: META);
        Assert.Equal(published, model.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void YoloxSHasThePublished897MParams()
    {
        using var model = (nn.Module)DetectorRegistry.Create("yolox-s", 80, device: META);
        Assert.Equal(8.97, Math.Round(model.parameters().Sum(p => p.numel()) / 1e6, 2));
    }

    [Theory]
    [InlineData("yolov5n")]
    [InlineData("yolov5s")]
    [InlineData("yolov5m")]
    public void LayerTableIsParseModels(string name)
    {
        var rows = DetectorReference.Entry(name).GetProperty("layers").EnumerateArray().ToList();
        var model = (YoloV5Model)DetectorRegistry.Create(name, 80, device: META);
        Assert.Equal(rows.Count, model.Layers.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            var r = rows[i].EnumerateArray().ToList();
            var l = model.Layers[i];
            Assert.Equal(r[0].GetInt32(), l.Index);
            Assert.Equal(PyRepr(r[1]), l.From);
            Assert.Equal(r[2].GetInt32(), l.Repeats);
            Assert.Equal(r[3].GetInt64(), l.Params);
            Assert.Equal(r[4].GetString(), l.Module);
            Assert.Equal(PyRepr(r[5]), l.Args);
        }
        ((nn.Module)model).Dispose();
    }

    private static string PyRepr(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Array => "[" + string.Join(", ", e.EnumerateArray().Select(PyRepr)) + "]",
        JsonValueKind.Null => "None",
        JsonValueKind.True => "True",
        JsonValueKind.False => "False",
        JsonValueKind.String => $"'{e.GetString()}'",
        _ => e.GetRawText(),
    };

    public static TheoryData<string, string> Placements()
    {
        var data = new TheoryData<string, string>();
        foreach (var m in new[] { "yolov5n", "yolov5s", "yolov5m", "yolox-s" })
            foreach (var p in DetectorReference.Entry(m).GetProperty("sites").EnumerateObject())
                data.Add(m, p.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Placements))]
    public void AttentionSitesAndTheirMapsEqualTheReference(string name, string placement)
    {
        var expected = DetectorReference.Entry(name).GetProperty("sites").GetProperty(placement).EnumerateArray().Select(e => e.GetString()!).ToList();
        var probes = new List<Probe>();
        var detector = DetectorRegistry.Create(name, 80, DetectorPlacement.Parse(placement), c =>
        {
            var p = new Probe(c, META);
            probes.Add(p);
            return p;
        }, device: META);
        using var model = (nn.Module<Tensor, Tensor>)detector;
        model.eval();
        using (no_grad()) model.forward(zeros(1, 3, 640, 640, device: META));
        var actual = detector.AttentionSites.Zip(probes, (s, p) => $"{s}:{string.Join(",", p.Seen!.Skip(1))}").ToList();
        Assert.Equal(expected, actual);
        Assert.Contains(detector.AttentionSites[0] + ".attn.weight", model.state_dict().Keys);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void MacsAt640EqualTheReferenceCount(string name)
    {
        Assert.Equal(DetectorReference.Entry(name).GetProperty("macs640").GetInt64(), Profile(name).Macs);
    }

    /// <summary>
    /// Published GFLOPs (2 x MACs) at 640: ultralytics' README prints thop's count of the fused model (BN folded
    /// into a conv bias: one add per conv output element on top of the MACs), YOLOX's get_model_info thop's count
    /// of the unfused model (BN: two ops per element). Our MACs plus those element counts reproduce the printed
    /// figures; the MACs alone are 4.47, 16.43, 48.87 and 26.69 GFLOPs (experiments/papers/yolo-coco.yaml).
    /// </summary>
    [Theory]
    [InlineData("yolov5n", 4.5, 1)]
    [InlineData("yolov5s", 16.5, 1)]
    [InlineData("yolov5m", 49.0, 1)]
    [InlineData("yolox-s", 26.8, 2)]
    public void PublishedGflopsAreReproducedWithThopsBnConvention(string name, double gflops, int bnOpsPerElement)
    {
        var (macs, byOp, outputs) = Profile(name);
        long bn = byOp["batch_norm"].Elements;
        long headBias = outputs;   // the only convs with a bias are the heads' 1x1 predictions
        Assert.Equal(DetectorReference.Entry(name).GetProperty("bn_elements640").GetInt64(), bn);
        Assert.Equal(DetectorReference.Entry(name).GetProperty("bias_elements640").GetInt64(), headBias);
        Assert.Equal(gflops, Math.Round(2.0 * (macs + headBias + bnOpsPerElement * bn) / 1e9, 1));
    }

    private static (long Macs, IReadOnlyDictionary<string, OpCost> ByOp, long Outputs) Profile(string name)
    {
        using var model = (nn.Module<Tensor, Tensor>)DetectorRegistry.Create(name, 80, device: META);
        model.eval();
        using var scope = NewDisposeScope();
        using var counter = MacCounter.Start();
        Tensor y;
        using (no_grad()) y = model.forward(zeros(1, 3, 640, 640, device: META));
        return (counter.Macs, new Dictionary<string, OpCost>(counter.ByOp), y.numel());
    }

    [Theory]
    [InlineData("yolov5n", "after:[24]", "layer 24 does not exist")]
    [InlineData("yolov5n", "after:[-1]", "layer -1 does not exist")]
    [InlineData("yolov5n", "after:[4, 4]", "listed twice")]
    [InlineData("yolox-s", "after:[4]", "YOLOv5 layer indices")]
    public void ImpossiblePlacementsAreOneLineErrors(string name, string placement, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => DetectorRegistry.Create(name, 3, DetectorPlacement.Parse(placement), c => new Probe(c, META), device: META));
        Assert.Contains(message, e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Theory]
    [InlineData("neck_in")]
    [InlineData("after:[x]")]
    [InlineData("after:")]
    public void UnknownPlacementNamesSayWhatIsAllowed(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => DetectorPlacement.Parse(text));
        Assert.Contains(text.Contains("after") ? "after" : "block, stage, backbone-end, neck-in, head-in", e.Message);
    }

    [Fact]
    public void DetectBiasesStartAtTheFocalLossPrior()
    {
        var model = (YoloV5Model)DetectorRegistry.Create("yolov5s", 80);
        for (int i = 0; i < 3; i++)
        {
            var conv = model.detect.m[i];
            var b = conv.bias!.view(3, 85);
            double bound = 1 / Math.Sqrt(conv.in_channels);   // default init U(-1/sqrt(fan_in), +)
            double obj = Math.Log(8 / Math.Pow(640 / model.detect.stride[i], 2));
            double cls = Math.Log(0.6 / (80 - 0.99999));
            Assert.True((b[TensorIndex.Colon, 4] - obj).abs().max().item<float>() <= bound + 1e-6);
            Assert.True((b[TensorIndex.Colon, TensorIndex.Slice(5, null)] - cls).abs().max().item<float>() <= bound + 1e-6);
            Assert.True((b[TensorIndex.Colon, TensorIndex.Slice(0, 4)]).abs().max().item<float>() <= bound + 1e-6);
        }
        var anchors = model.detect.anchors;
        Assert.Equal(new float[] { 10f / 8, 13f / 8 }, anchors[0, 0].data<float>().ToArray());
        Assert.Equal(new float[] { 373f / 32, 326f / 32 }, anchors[2, 2].data<float>().ToArray());
        ((nn.Module)model).Dispose();
    }
}
