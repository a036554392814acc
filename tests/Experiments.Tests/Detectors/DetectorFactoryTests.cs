using Ablation.Experiments.Attention;
using Ablation.Experiments.Detectors;
using Xunit;

namespace Ablation.Experiments.Tests.Detectors;

/// <summary>DetectorFactory: profiling through the registry, and one-line errors before anything is built.</summary>
public class DetectorFactoryTests
{
    [Fact]
    public void ProfileOfYolov5nWithCbamAtBackboneEndEqualsTheReference()
    {
        var entry = DetectorReference.Entry("yolov5n").GetProperty("attention").GetProperty("cbam@backbone-end");
        var (parameters, macs, byOp, table) = DetectorFactory.Profile(new DetectorSpec("yolov5n", AttentionSpec.Of("cbam")));
        Assert.Equal(entry.GetProperty("params").GetInt64(), parameters);
        // The reference counts conv and linear MACs with module hooks; CBAM has no functional matmul.
        Assert.Equal(entry.GetProperty("macs640").GetInt64(), macs);
        Assert.True(byOp["conv2d"].Macs > 0);
        Assert.Contains("Cbam", table);
    }

    [Theory]
    [InlineData("yolox-s", "head-in", "ca")]
    [InlineData("yolov5s", "neck-in", "se")]
    [InlineData("yolov5m", "block", "eca")]
    public void ProfileParamsAndMacsEqualTheReference(string detector, string placement, string attention)
    {
        var entry = DetectorReference.Entry(detector).GetProperty("attention").GetProperty($"{attention}@{placement}");
        var (parameters, macs, _, _) = DetectorFactory.Profile(new DetectorSpec(detector, AttentionSpec.Of(attention), placement));
        Assert.Equal(entry.GetProperty("params").GetInt64(), parameters);
        Assert.Equal(entry.GetProperty("macs640").GetInt64(), macs);
    }

    [Theory]
    [InlineData("yolov7", "backbone-end", 80, 640, "unknown detector 'yolov7'")]
    [InlineData("yolov5n", "post", 80, 640, "unknown detector placement 'post'")]
    [InlineData("yolox-s", "after:[8]", 80, 640, "YOLOv5 layer indices")]
    [InlineData("yolov5n", "after:[30]", 80, 640, "layer 30 does not exist")]
    [InlineData("yolov5n", "backbone-end", 0, 640, "classes must be at least 1")]
    [InlineData("yolov5n", "backbone-end", 80, 100, "multiple of 32")]
    public void BadSpecsAreOneLineErrors(string detector, string placement, long classes, long size, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => DetectorFactory.Validate(new DetectorSpec(detector, AttentionSpec.Of("se"), placement, classes, size)));
        Assert.Contains(message, e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }
}
