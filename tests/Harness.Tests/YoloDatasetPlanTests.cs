using Ablation.Experiments.Data.Detection;
using Ablation.Harness.Catalog;
using Ablation.Harness.Spec;
using Xunit;

namespace Ablation.Harness.Tests;

/// <summary>
/// `dataset: { name: yolo, root: DIR }` is checked by `ablate plan` before anything runs: a broken data set is one
/// line naming the file and line, exit 2, nothing written. The sets are real files (PNG via SkiaSharp).
/// </summary>
public sealed class YoloDatasetPlanTests : IDisposable
{
    private readonly TestFiles _files = new();

    private string WriteSet()
    {
        var root = _files.PathOf("shapes");
        var data = SyntheticDetectionSet.Dataset(new SyntheticDetectionOptions(Count: 4, ImageSize: 64), valCount: 2);
        YoloDatasetWriter.Write(root, data.Names, data.Train, data.Val);
        return root;
    }

    private string Matrix(string root) => _files.Write("m.yaml", $"""
        name: yolo-check
        dataset: {"{"} name: yolo, root: {root} {"}"}
        recipe: {"{"} preset: smoke {"}"}
        axes: {"{"} backbone: [resnet20], attention: [none] {"}"}
        """);

    [Fact]
    public void AWellFormedSetPassesValidation()
    {
        var plan = MatrixPlan.Load(Matrix(WriteSet()), new ExperimentsCatalog());
        Assert.Single(plan.Runs);
    }

    [Theory]
    [InlineData("labels/train/00001.txt", "0 0.5 0.5 0.2 0.2\n7 0.5 0.5 0.2 0.2\n", "labels/train/00001.txt: line 2: class 7 is outside names, allowed: an integer in 0..2")]
    [InlineData("labels/val/00000.txt", "0 0.5 0.5 0.2 1.5\n", "labels/val/00000.txt: line 1: box outside [0, 1]")]
    [InlineData("labels/train/00000.txt", "0 0.5 0.5 0.2 0\n", "labels/train/00000.txt: line 1: zero-size box")]
    [InlineData("labels/train/00002.txt", "0 0.5 0.5\n", "labels/train/00002.txt: line 1: malformed")]
    [InlineData("images/train/00003.png", "not a png", "images/train/00003.png: unreadable image")]
    [InlineData("data.yaml", "path: .\ntrain: images/train\nval: images/nowhere\nnames: [a, b, c]\n", "data.yaml: val: ")]
    public void PlanReportsTheFileAndLineAndWritesNothing(string file, string content, string message)
    {
        var root = WriteSet();
        File.WriteAllText(Path.Combine(root, file), content);
        var r = Ablate.Run(_files.Root, null, TimeSpan.FromSeconds(90), "plan", Matrix(root), "--results", _files.PathOf("results"));
        Assert.True(r.ExitCode == 2, r.ToString());
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var error = Assert.Single(lines, l => l.Contains("dataset.root"));
        Assert.Contains("m.yaml:2:", error);
        Assert.Contains($"is not a usable yolo data set: {root}/{message}", error);
        Assert.Contains("1 error(s); nothing was run", r.Stderr);
        Assert.False(Directory.Exists(_files.PathOf("results")));
    }

    [Fact]
    public void RootIsRequired()
    {
        var path = _files.Write("m.yaml", "dataset: { name: yolo }\naxes: { backbone: [resnet20], attention: [none] }\n");
        var e = Assert.Throws<SpecException>(() => MatrixPlan.Load(path, new ExperimentsCatalog()));
        var error = Assert.Single(e.Errors);
        Assert.Equal("dataset.root", error.Field);
        Assert.Contains("data.yaml", error.Problem);
    }

    public void Dispose() => _files.Dispose();
}
