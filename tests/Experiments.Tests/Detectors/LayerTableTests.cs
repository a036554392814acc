using Ablation.Experiments.Detectors;
using Xunit;
using static TorchSharp.torch;

namespace Ablation.Experiments.Tests.Detectors;

/// <summary>The printed layer table: parse_model's rows, the inserted modules where they went, unchanged indices.</summary>
public class LayerTableTests
{
    [Fact]
    public void Yolov5nTableShowsParseModelsRowsAndTheAttentionAfterLayer8()
    {
        var detector = DetectorRegistry.Create("yolov5n", 80, DetectorPlacement.Parse("backbone-end"), c => new Probe(c, META), device: META);
        var lines = LayerTable.Format(detector).Split('\n');
        Assert.Equal(1 + 25 + 1, lines.Length);
        Assert.Matches(@"^\s+0\s+-1\s+1\s+1,760\s+Conv\s+\[3, 16, 6, 2, 2\]$", lines[1]);
        Assert.Matches(@"^\s+8\s+-1\s+1\s+296,448\s+C3\s+\[256, 256, 1\]\s+Probe \(256\)$", lines[9]);
        Assert.Matches(@"^\s+12\s+\[-1, 6\]\s+1\s+0\s+Concat\s+\[1\]$", lines[13]);
        Assert.Contains("Detect", lines[25]);
        Assert.StartsWith("yolov5n: 1,872,413 params (1,872,157 base + 256 attention at 1 sites), 80 classes", lines[26]);
    }

    [Fact]
    public void BlockAttentionIsListedOnTheC3LayersThatHoldIt()
    {
        var detector = DetectorRegistry.Create("yolov5s", 80, DetectorPlacement.Parse("block"), c => new Probe(c, META), device: META);
        var rows = detector.Layers;
        Assert.Equal(new[] { 2, 4, 6, 8 }, rows.Where(r => r.Attention != "").Select(r => r.Index));
        Assert.Equal("m.0: Probe (64), m.1: Probe (64)", rows[4].Attention);
        Assert.Equal(rows.Select(r => r.Index), Enumerable.Range(0, 25));
    }

    [Fact]
    public void YoloxTableNamesItsModulesAndTheirAttention()
    {
        var detector = DetectorRegistry.Create("yolox-s", 80, DetectorPlacement.Parse("head-in"), c => new Probe(c, META), device: META);
        var text = LayerTable.Format(detector);
        Assert.Contains("backbone.C3_p3", text);
        Assert.Equal(3, detector.Layers.Count(r => r.Attention.StartsWith("Probe", StringComparison.Ordinal)));
        Assert.EndsWith("80 classes", text);
    }
}
