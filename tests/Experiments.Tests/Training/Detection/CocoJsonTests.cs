using Xunit;
using Ablation.Experiments.Data;
using Ablation.Experiments.Tests.Data;
using Ablation.Experiments.Training.Detection;

namespace Ablation.Experiments.Tests.Training.Detection;

public sealed class CocoJsonTests
{
    private const string Instances = """
        {"images":[{"id":3,"file_name":"a.png","width":64,"height":48}],
         "annotations":[{"id":1,"image_id":3,"category_id":5,"bbox":[1.5,2,10,20],"area":150,"iscrowd":0},
                        {"id":2,"image_id":3,"category_id":5,"bbox":[0,0,4,4]}],
         "categories":[{"id":5,"name":"box","supercategory":"shape"}], "info": {"ignored": true}}
        """;

    [Fact]
    public void ReadsInstancesWithDefaultsForAreaAndCrowd()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("gt.json"), Instances);
        var gt = CocoJson.ReadInstances(dir.File("gt.json"));
        Assert.Equal(new CocoImage(3, "a.png", 64, 48), gt.Images.Single());
        Assert.Equal("box", gt.Category(5).Name);
        Assert.Equal(new CocoAnnotation(1, 3, 5, new CocoBox(1.5, 2, 10, 20), 150, false), gt.Annotations[0]);
        Assert.Equal(16, gt.Annotations[1].Area);
        Assert.False(gt.Annotations[1].IsCrowd);
    }

    [Fact]
    public void WrittenFilesReadBackEqual()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("gt.json"), Instances);
        var gt = CocoJson.ReadInstances(dir.File("gt.json"));
        CocoJson.WriteInstances(dir.File("copy.json"), gt);
        var copy = CocoJson.ReadInstances(dir.File("copy.json"));
        Assert.Equal(gt.Images, copy.Images);
        Assert.Equal(gt.Categories, copy.Categories);
        Assert.Equal(gt.Annotations, copy.Annotations);

        var dets = new[] { new CocoDetection(3, 5, new CocoBox(0.1, 0.2, 3.3333333333333335, 4), 0.123456789012345) };
        CocoJson.WriteResults(dir.File("dt.json"), dets);
        Assert.Equal(dets, CocoJson.ReadResults(dir.File("dt.json"), gt));
        Assert.False(File.Exists(dir.File("dt.json.tmp")));
    }

    [Theory]
    [InlineData("""[{"image_id":4,"category_id":5,"bbox":[0,0,1,1],"score":0.5}]""", "dt.json: [0].image_id: 4 is not an image")]
    [InlineData("""[{"image_id":3,"category_id":1,"bbox":[0,0,1,1],"score":0.5}]""", "dt.json: [0].category_id: 1 is not a category of the annotations, allowed: 5")]
    [InlineData("""[{"image_id":3,"category_id":5,"bbox":[0,0,1],"score":0.5}]""", "dt.json: [0].bbox: [0,0,1], allowed: [x, y, width, height]")]
    [InlineData("""[{"image_id":3,"category_id":5,"bbox":[0,0,1,1]}]""", "dt.json: [0].score: missing")]
    [InlineData("""[{"image_id":"a","category_id":5,"bbox":[0,0,1,1],"score":1}]""", "dt.json: [0].image_id: \"a\", allowed: an integer id")]
    [InlineData("""{"annotations": []}""", "dt.json: expected a JSON list")]
    [InlineData("""[{"image_id":3,""", "dt.json: not valid JSON")]
    public void BadResultsNameTheFileAndField(string content, string message)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("gt.json"), Instances);
        File.WriteAllText(dir.File("dt.json"), content);
        var gt = CocoJson.ReadInstances(dir.File("gt.json"));
        var e = Assert.Throws<DataFormatException>(() => CocoJson.ReadResults(dir.File("dt.json"), gt));
        Assert.Contains(message, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("""{"images":[],"categories":[]}""", "annotations: missing")]
    [InlineData("""{"images":[{"id":1}],"annotations":[{"id":1,"image_id":2,"category_id":1,"bbox":[0,0,1,1]}],"categories":[{"id":1,"name":"a"}]}""", "annotations[0].image_id: 2 is not in images")]
    [InlineData("""{"images":[{"id":1}],"annotations":[{"id":1,"image_id":1,"category_id":1,"bbox":[0,0,1,1],"iscrowd":2}],"categories":[{"id":1,"name":"a"}]}""", "annotations[0].iscrowd: 2, allowed: 0 or 1")]
    [InlineData("""{"images":[{"id":1},{"id":1}],"annotations":[],"categories":[]}""", "images[1].id: 1 appears twice")]
    [InlineData("""{"images":[{"id":1}],"annotations":[{"id":1,"image_id":1,"category_id":1,"bbox":[0,0,-1,1]}],"categories":[{"id":1,"name":"a"}]}""", "annotations[0].bbox")]
    public void BadInstancesNameTheFileAndField(string content, string message)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("gt.json"), content);
        var e = Assert.Throws<DataFormatException>(() => CocoJson.ReadInstances(dir.File("gt.json")));
        Assert.StartsWith(dir.File("gt.json") + ": ", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        var e = Assert.Throws<DataFormatException>(() => CocoJson.ReadInstances("/nonexistent/gt.json"));
        Assert.Equal("/nonexistent/gt.json: file not found", e.Message);
    }
}
