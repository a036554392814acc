using Ablation.Experiments.Detectors;
using Ablation.Reports.Papers;
using Ablation.TorchSupport;
using Xunit;
using static TorchSharp.torch;

namespace Ablation.Experiments.Tests.Detectors;

/// <summary>
/// The published detector tables in experiments/papers (yolov5-coco.yaml, yolox-coco.yaml): params to the digits
/// printed, MACs at the table's input within the file's tolerance (profiled on the meta device).
/// </summary>
public class DetectorPaperTargetTests
{
    private static string PapersDir => Path.Combine(DetectorReference.RepoRoot, "experiments", "papers");

    [Theory]
    [InlineData("yolov5-coco.yaml")]
    [InlineData("yolox-coco.yaml")]
    public void ProfileReproducesEveryPublishedRow(string file)
    {
        var table = PaperTableLoader.Load(Path.Combine(PapersDir, file));
        var failures = new List<string>();
        foreach (var row in table.Results)
        {
            Assert.True(DetectorRegistry.IsDetector(row.Backbone), $"{file}:{row.Line}: {row.Backbone} is not a detector");
            Assert.Equal("none", row.Attention);
            long input = table.InputOf(row) ?? 640, classes = table.ClassesOf(row) ?? 80;
            using var model = (nn.Module<Tensor, Tensor>)DetectorRegistry.Create(row.Backbone, classes, device: META);
            model.eval();
            long parameters = model.parameters().Sum(p => p.numel());
            using var counter = MacCounter.Start();
            using (no_grad()) model.forward(zeros(1, 3, input, input, device: META));
            if (row.ParamsM is { } p && !p.MatchesRounded(parameters / 1e6))
                failures.Add($"{row.Backbone}: params {parameters / 1e6:F4}M, paper {p}M");
            if (row.GMacs is { } g && Math.Abs(g.RelativeDifference(counter.Macs / 1e9)) > table.Tolerance.MacsRel)
                failures.Add($"{row.Backbone}: MACs {counter.Macs / 1e9:F4}G, paper {g}G (tolerance {table.Tolerance.MacsRel:P1})");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
