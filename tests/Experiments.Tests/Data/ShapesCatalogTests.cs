using Ablation.Experiments.Data;
using Ablation.Experiments.Data.Detection;
using Xunit;

namespace Ablation.Experiments.Tests.Data;

/// <summary>The synthetic detection set under its catalog name <c>shapes</c>: options, defaults, one-line errors.</summary>
public class ShapesCatalogTests
{
    private static DatasetSpec Shapes(params (string, string)[] options) => new("shapes", null, options.ToDictionary(o => o.Item1, o => o.Item2));

    [Fact]
    public void Defaults_are_the_learning_target_set_and_options_apply()
    {
        Assert.True(DatasetCatalog.IsDetection("shapes"));
        var d = DetectionDatasets.Load(Shapes());
        Assert.Equal((500, 100, 3), (d.Train.Count, d.Val.Count, d.Classes));
        var o = SyntheticDetectionSet.OptionsOf(Shapes(("count", "20"), ("image", "64"), ("classes", "2"), ("objects", "2-4"), ("seed", "5")));
        Assert.Equal(new SyntheticDetectionOptions(20, 64, 2, 2, 4, 5), o);
        Assert.Equal((3, 64, 2), DatasetCatalog.Shape(Shapes(("image", "64"), ("classes", "2"))));
        Assert.Equal(2, DetectionDatasets.Classes(Shapes(("classes", "2"))));
        // Validation images are never copies of training ones.
        Assert.NotEqual(d.Train.Labels(0), d.Val.Labels(0));
    }

    [Theory]
    [InlineData("objects", "3-1", "dataset shapes: option 'objects' is '3-1', allowed: N or MIN-MAX with 0 <= MIN <= MAX <= 20")]
    [InlineData("image", "8", "dataset shapes: option 'image' is '8', allowed: an integer in 32..4096")]
    [InlineData("colour", "red", "dataset shapes: unknown option 'colour', allowed: count, val, image, classes, objects, seed")]
    public void Bad_options_are_one_line(string key, string value, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => DetectionDatasets.Load(Shapes((key, value))));
        Assert.Equal(message, e.Message);
    }
}
