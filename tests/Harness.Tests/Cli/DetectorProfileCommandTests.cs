using System.Text.Json;
using Xunit;

namespace Ablation.Harness.Tests.Cli;

/// <summary>
/// `ablate profile` on a detector: 640 and 80 classes by default, the published parameter counts, the reference's
/// MACs (tests/reference/fixtures/detectors_keys.json), the layer table with the inserted module, and one-line
/// errors with exit 2 for placements a detector does not have.
/// </summary>
public class DetectorProfileCommandTests
{
    private static JsonElement Reference(string model) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(ModelCliProcess.RepoRoot, "tests", "reference", "fixtures", "detectors_keys.json")))
            .RootElement.GetProperty(model);

    [Fact]
    public void JsonHasTheDesignFieldsTheReferencesNumbersAndTheLayerTable()
    {
        var r = ModelCliProcess.Ablate("profile", "--backbone", "yolov5s", "--attention", "ca", "--placement", "neck-in", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        var o = JsonDocument.Parse(r.Stdout).RootElement;
        var expected = Reference("yolov5s").GetProperty("attention").GetProperty("ca@neck-in");
        Assert.Equal(640, o.GetProperty("input").GetInt64());
        Assert.Equal(80, o.GetProperty("classes").GetInt64());
        Assert.Equal(expected.GetProperty("params").GetInt64(), o.GetProperty("params").GetInt64());
        Assert.Equal(expected.GetProperty("macs640").GetInt64(), o.GetProperty("macs").GetInt64());
        var layers = o.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal(25, layers.Count);
        Assert.Equal(new[] { 4, 6, 9 }, layers.Where(l => l.GetProperty("attention").GetString() != "").Select(l => l.GetProperty("index").GetInt32()));
    }

    [Fact]
    public void TableShowsPublishedParamsAndTheInsertedModule()
    {
        var r = ModelCliProcess.Ablate("profile", "--backbone", "yolov5n");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("1,872,157", r.Stdout);
        Assert.Contains("Detect", r.Stdout);
        var x = ModelCliProcess.Ablate("profile", "--backbone", "yolox-s", "--attention", "eca", "--placement", "head-in", "--input", "320", "--classes", "3");
        Assert.True(x.ExitCode == 0, x.ToString());
        Assert.Contains("320x320x3, 3 classes", x.Stdout);
        Assert.Contains("backbone.C3_n4", x.Stdout);
    }

    [Fact]
    public void AnAfterPlacementIsReportedInItsCanonicalForm()
    {
        var r = ModelCliProcess.Ablate("profile", "--backbone", "yolov5n", "--attention", "eca", "--placement", "after:17,4", "--input", "64", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        var o = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.Equal("after:[4,17]", o.GetProperty("placement").GetString());
        Assert.Equal(new[] { 4, 17 }, o.GetProperty("layers").EnumerateArray()
            .Where(l => l.GetProperty("attention").GetString() != "").Select(l => l.GetProperty("index").GetInt32()));
        var text = ModelCliProcess.Ablate("profile", "--backbone", "yolov5n", "--attention", "eca", "--placement", "after:17,4", "--input", "64");
        Assert.StartsWith("yolov5n + eca @ after:[4,17], 64x64x3", text.Stdout);
    }

    [Theory]
    [InlineData("--backbone yolox-s --attention se --placement after:[8]", "YOLOv5 layer indices")]
    [InlineData("--backbone yolov5n --attention se --placement post", "unknown detector placement 'post'")]
    [InlineData("--backbone yolov5n --input 100", "multiple of 32")]
    [InlineData("--backbone yolov5m --width 0.5", "--width")]
    public void BadArgumentsExitWithTwoAndOneLine(string args, string message)
    {
        var r = ModelCliProcess.Ablate(new[] { "profile" }.Concat(args.Split(' ')).ToArray());
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Stderr);
        Assert.Equal(1, r.Stderr.Trim().Split('\n').Length);
        Assert.Equal("", r.Stdout);
    }
}
