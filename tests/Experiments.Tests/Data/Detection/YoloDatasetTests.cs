using Ablation.Experiments.Data;
using Ablation.Experiments.Data.Detection;
using Xunit;

namespace Ablation.Experiments.Tests.Data.Detection;

/// <summary>The ultralytics format read from real files (PNG and JPEG written with SkiaSharp) in a temp folder.</summary>
public sealed class YoloDatasetTests
{
    private static string WriteSet(TempDirectory dir, string names = "names: [square, disc]", string? yaml = null)
    {
        var root = dir.Path;
        Directory.CreateDirectory(Path.Combine(root, "images", "train"));
        Directory.CreateDirectory(Path.Combine(root, "images", "val"));
        Directory.CreateDirectory(Path.Combine(root, "labels", "train"));
        Directory.CreateDirectory(Path.Combine(root, "labels", "val"));
        ImageCodec.Encode(TestImages.Gradient(40, 30), Path.Combine(root, "images", "train", "a.png"));
        ImageCodec.Encode(TestImages.Gradient(20, 20), Path.Combine(root, "images", "train", "b.jpg"));
        ImageCodec.Encode(TestImages.Gradient(16, 16), Path.Combine(root, "images", "val", "c.png"));
        File.WriteAllText(Path.Combine(root, "labels", "train", "a.txt"), "0 0.5 0.5 0.25 0.5\n\n1 0.1 0.2 0.1 0.2\n");
        // b.jpg has no label file: an image without objects.
        File.WriteAllText(Path.Combine(root, "labels", "val", "c.txt"), "1 0.5 0.5 1 1\n");
        File.WriteAllText(Path.Combine(root, "data.yaml"), yaml ?? $"path: .\ntrain: images/train\nval: images/val\n{names}\n");
        return root;
    }

    [Fact]
    public void OpensBothSplitsWithLabels()
    {
        using var dir = new TempDirectory();
        var data = YoloDataset.Check(WriteSet(dir));
        Assert.Equal(new[] { "square", "disc" }, data.Names);
        Assert.Equal(2, data.Train.Count);
        Assert.Equal(1, data.Val.Count);
        Assert.Equal("a.png", data.Train.ImageName(0));
        Assert.Equal(new LabelBox(0, 0.5f, 0.5f, 0.25f, 0.5f), data.Train.Labels(0)[0]);
        Assert.Equal(2, data.Train.Labels(0).Count);
        Assert.Empty(data.Train.Labels(1));
        var sample = data.Train.Load(0);
        Assert.Equal(TestImages.Gradient(40, 30).Pixels, sample.Image.Pixels);
        Assert.Equal((20, 20), data.Train.ImageSize(1));
    }

    [Fact]
    public void NamesMayBeAMap()
    {
        using var dir = new TempDirectory();
        var data = YoloDataset.Open(WriteSet(dir, "names:\n  0: square\n  1: disc\nnc: 2"));
        Assert.Equal(new[] { "square", "disc" }, data.Names);
    }

    [Theory]
    [InlineData("0 0.5 0.5 0.25", "labels/train/a.txt: line 1: malformed: '0 0.5 0.5 0.25' has 4 fields")]
    [InlineData("0 0.5 x 0.2 0.2", "labels/train/a.txt: line 1: malformed: 'x' is not a number")]
    [InlineData("\n2 0.5 0.5 0.2 0.2", "labels/train/a.txt: line 2: class 2 is outside names, allowed: an integer in 0..1")]
    [InlineData("-1 0.5 0.5 0.2 0.2", "line 1: class -1 is outside names")]
    [InlineData("0 1.2 0.5 0.2 0.2", "labels/train/a.txt: line 1: box outside [0, 1]")]
    [InlineData("0 0.5 0.5 0 0.2", "labels/train/a.txt: line 1: zero-size box")]
    public void BadLabelLinesNameFileAndLine(string content, string message)
    {
        using var dir = new TempDirectory();
        var root = WriteSet(dir);
        File.WriteAllText(Path.Combine(root, "labels", "train", "a.txt"), content);
        var e = Assert.Throws<DataFormatException>(() => YoloDataset.Check(root));
        Assert.Contains(message, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void UnreadableImageIsNamed()
    {
        using var dir = new TempDirectory();
        var root = WriteSet(dir);
        File.WriteAllText(Path.Combine(root, "images", "val", "c.png"), "garbage");
        var e = Assert.Throws<DataFormatException>(() => YoloDataset.Check(root));
        Assert.Equal(Path.Combine(root, "images", "val", "c.png") + ": unreadable image: not a JPEG or PNG file Skia can decode", e.Message);
    }

    [Theory]
    [InlineData("path: .\ntrain: images/missing\nval: images/val\nnames: [a, b]\n", "data.yaml: train: ", "images/missing does not exist")]
    [InlineData("path: .\ntrain: images/train\nnames: [a, b]\n", "data.yaml: val: missing", "")]
    [InlineData("path: .\ntrain: images/train\nval: images/val\n", "data.yaml: names: missing", "")]
    [InlineData("path: .\ntrain: images/train\nval: images/val\nnames: [a, b]\nnc: 3\n", "data.yaml: nc: 3 but names has 2 entries", "")]
    [InlineData("path: .\ntrain: images/train\nval: images/val\nnames: {0: a, 2: b}\n", "names: indices 0, 2", "")]
    [InlineData("train: [images/train\n", "data.yaml: line", "not valid YAML")]
    public void BadDataYamlIsNamed(string yaml, string message, string more)
    {
        using var dir = new TempDirectory();
        var root = WriteSet(dir, yaml: yaml);
        var e = Assert.Throws<DataFormatException>(() => YoloDataset.Check(root));
        Assert.Contains(message, e.Message);
        Assert.Contains(more, e.Message);
    }

    [Fact]
    public void MissingDataYamlIsNamed()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<DataFormatException>(() => YoloDataset.Open(dir.Path));
        Assert.StartsWith(Path.Combine(dir.Path, "data.yaml") + ": file not found", e.Message);
    }

    [Fact]
    public void SplitsMayBeTxtListsOfImages()
    {
        using var dir = new TempDirectory();
        var root = WriteSet(dir, yaml: "path: .\ntrain: train.txt\nval: images/val\nnames: [square, disc]\n");
        File.WriteAllText(Path.Combine(root, "train.txt"), "images/train/b.jpg\n\nimages/train/a.png\n");
        var data = YoloDataset.Check(root);
        Assert.Equal(new[] { "b.jpg", "a.png" }, new[] { data.Train.ImageName(0), data.Train.ImageName(1) });
        Assert.Equal(2, data.Train.Labels(1).Count);
        File.WriteAllText(Path.Combine(root, "train.txt"), "images/train/zzz.png\n");
        var e = Assert.Throws<DataFormatException>(() => YoloDataset.Check(root));
        Assert.Contains("train.txt: lists ", e.Message);
        Assert.Contains("zzz.png, which does not exist", e.Message);
    }

    [Fact]
    public void LabelPathFollowsUltralytics()
    {
        Assert.Equal("/d/images/x/labels/train/a.txt", YoloSplit.LabelPath("/d/images/x/images/train/a.jpg"));
        Assert.Equal("/d/other/a.txt", YoloSplit.LabelPath("/d/other/a.png"));
    }
}
