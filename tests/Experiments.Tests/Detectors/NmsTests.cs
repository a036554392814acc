using Ablation.Experiments.Detectors;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Ablation.Experiments.Tests.Detectors;

/// <summary>
/// NMS against detectors_ref.py's non_max_suppression (YOLOv5's, on torchvision.ops.nms) of a synthetic prediction
/// with clustered boxes (fixtures/detectors/nms.safetensors), at val.py's settings and at conf 0.25, IoU 0.45,
/// max_det 20; multi-label and best-class.
/// </summary>
public class NmsTests
{
    [Theory]
    [InlineData("multi", true, 0.001, 0.6, 300)]
    [InlineData("best", false, 0.001, 0.6, 300)]
    [InlineData("multi_conf25_max20", true, 0.25, 0.45, 20)]
    [InlineData("best_conf25_max20", false, 0.25, 0.45, 20)]
    public void DetectionsEqualYoloV5s(string tag, bool multiLabel, double conf, double iou, int maxDet)
    {
        var f = TorchSharp.PyBridge.Safetensors.LoadStateDict(Path.Combine(DetectorReference.FixtureDir, "nms.safetensors"));
        var pred = f["pred"];
        var dets = Nms.NonMaxSuppression(pred, new NmsOptions { MultiLabel = multiLabel, ConfThreshold = conf, IouThreshold = iou, MaxDet = maxDet });
        for (int i = 0; i < dets.Length; i++)
        {
            var expected = f[$"{tag}.{i}"];
            Assert.Equal(expected.shape, dets[i].shape);
            Assert.True(expected.allclose(dets[i], rtol: 0, atol: 1e-5), $"{tag}.{i} differs");
        }
    }

    /// <summary>
    /// Every intermediate is freed within its image and greedy step: held to the caller's scope, an evaluation batch
    /// of 32 images at 128 px kept some 600 MiB alive until its end (up to 300 greedy steps per image, a few tensors each).
    /// </summary>
    [Fact]
    public void OnlyTheDetectionsOutliveTheCall()
    {
        using var scope = NewDisposeScope();
        var g = new TorchSharp.torch.Generator(7);
        long images = 4, boxes = 2000;
        var pred = cat(new[]
        {
            rand(new[] { images, boxes, 2 }, generator: g) * 600, // centres spread over 600 px: few overlaps
            rand(new[] { images, boxes, 2 }, generator: g) * 20 + 4,
            rand(new[] { images, boxes, 1 }, generator: g) * 0.9 + 0.1,
            rand(new[] { images, boxes, 3 }, generator: g),
        }, 2);
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var dets = Nms.NonMaxSuppression(pred);
        long after = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Assert.All(dets, d => Assert.Equal(300, d.shape[0])); // every image ran all 300 greedy steps
        Assert.Equal(before + images, after);
    }

    [Fact]
    public void OverlappingBoxesOfOneClassLeaveTheBestAndOtherClassesStay()
    {
        // Two heavily overlapping boxes of class 0 (IoU 0.81), one of class 1 on top of them, one far away.
        var pred = tensor(new float[]
        {
            50, 50, 20, 20, 0.9f, 1.0f, 0.0f,
            51, 51, 20, 20, 0.8f, 1.0f, 0.0f,
            50, 50, 20, 20, 0.7f, 0.0f, 1.0f,
            150, 150, 10, 10, 0.6f, 1.0f, 0.0f,
        }, new long[] { 1, 4, 7 });
        var det = Nms.NonMaxSuppression(pred, new NmsOptions { MultiLabel = false })[0];
        Assert.Equal(new long[] { 3, 6 }, det.shape);
        Assert.Equal(new float[] { 0.9f, 0.7f, 0.6f }, det[TensorIndex.Colon, 4].data<float>().ToArray());
        Assert.Equal(new float[] { 0, 1, 0 }, det[TensorIndex.Colon, 5].data<float>().ToArray());
        Assert.Equal(new float[] { 40, 40, 60, 60 }, det[0, TensorIndex.Slice(0, 4)].data<float>().ToArray());
    }

    [Fact]
    public void AnImageWithNothingAboveTheThresholdGivesAnEmptyTable()
    {
        var pred = full(new long[] { 2, 5, 8 }, 0.0005f);
        var dets = Nms.NonMaxSuppression(pred);
        Assert.All(dets, d => Assert.Equal(new long[] { 0, 6 }, d.shape));
    }
}
