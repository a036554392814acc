using System.Text.Json;
using Xunit;

namespace Ablation.Harness.Tests.Cli;

/// <summary>`ablate evaluate` run as a process on files a test writes.</summary>
public sealed class EvaluateCommandTests
{
    private const string Instances = """
        {"images":[{"id":1,"file_name":"a.png","width":100,"height":100},{"id":2,"file_name":"b.png","width":100,"height":100}],
         "annotations":[{"id":1,"image_id":1,"category_id":1,"bbox":[0,0,10,10],"area":100,"iscrowd":0},
                        {"id":2,"image_id":2,"category_id":1,"bbox":[50,50,10,10],"area":100,"iscrowd":0}],
         "categories":[{"id":1,"name":"square"},{"id":2,"name":"circle"}]}
        """;

    // Detections by score: hit (image 1), miss, hit (image 2): AP = (51 + 50 * 2/3) / 101 at every threshold.
    private const string Results = """
        [{"image_id":1,"category_id":1,"bbox":[0,0,10,10],"score":0.9},
         {"image_id":2,"category_id":1,"bbox":[0,0,10,10],"score":0.8},
         {"image_id":2,"category_id":1,"bbox":[50,50,10,10],"score":0.7}]
        """;

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public void JsonHasTheSummaryAndPerClassAp()
    {
        using var files = new TestFiles();
        var gt = files.Write("gt.json", Instances);
        var dt = files.Write("dt.json", Results);
        var r = Ablate.Run(files.Root, null, Timeout, "evaluate", "--annotations", gt, "--detections", dt, "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        var o = doc.RootElement;
        double ap = (51 + 50 * 2.0 / 3) / 101;
        Assert.Equal(ap, o.GetProperty("map").GetDouble(), 9);
        Assert.Equal(ap, o.GetProperty("map50").GetDouble(), 9);
        Assert.Equal(ap, o.GetProperty("map75").GetDouble(), 9);
        Assert.Equal(ap, o.GetProperty("map_small").GetDouble(), 9);
        Assert.Equal(-1, o.GetProperty("map_medium").GetDouble());
        Assert.Equal(-1, o.GetProperty("map_large").GetDouble());
        Assert.Equal(1, o.GetProperty("mar100").GetDouble(), 12);
        var perClass = o.GetProperty("per_class").EnumerateArray().ToArray();
        Assert.Equal("square", perClass[0].GetProperty("name").GetString());
        Assert.Equal(ap, perClass[0].GetProperty("ap").GetDouble(), 9);
        Assert.Equal(-1, perClass[1].GetProperty("ap").GetDouble());
    }

    [Fact]
    public void TextIsPycocotoolsSummary()
    {
        using var files = new TestFiles();
        var r = Ablate.Run(files.Root, null, Timeout, "evaluate", "--annotations", files.Write("gt.json", Instances),
            "--detections", files.Write("dt.json", Results));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains(" Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.835", r.Stdout);
        Assert.Contains(" Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets=  1 ] = 0.500", r.Stdout);
        Assert.Contains("square", r.Stdout);
    }

    [Theory]
    [InlineData("""[{"image_id":3,"category_id":1,"bbox":[0,0,10,10],"score":0.9}]""", "dt.json: [0].image_id: 3 is not an image of the annotations")]
    [InlineData("""[{"image_id":1,"category_id":0,"bbox":[0,0,10,10],"score":0.9}]""", "dt.json: [0].category_id: 0 is not a category of the annotations")]
    [InlineData("""[{"image_id":1,"category_id":1,"bbox":[0,0,10],"score":0.9}]""", "dt.json: [0].bbox")]
    public void BadDetectionsExitTwoWithOneLine(string content, string message)
    {
        using var files = new TestFiles();
        var r = Ablate.Run(files.Root, null, Timeout, "evaluate", "--annotations", files.Write("gt.json", Instances),
            "--detections", files.Write("dt.json", content), "--json");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal("", r.Stdout);
        Assert.Contains(message, r.Stderr);
        Assert.Single(r.Stderr.TrimEnd().Split('\n'));
    }

    [Fact]
    public void MissingAnnotationsFileExitsTwo()
    {
        using var files = new TestFiles();
        var r = Ablate.Run(files.Root, null, Timeout, "evaluate", "--annotations", files.PathOf("none.json"),
            "--detections", files.Write("dt.json", Results));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("none.json: file not found", r.Stderr);
    }
}
