using Ablation.Experiments.Data.Detection;
using TorchSharp;
using static TorchSharp.torch;
using Xunit;

namespace Ablation.Experiments.Tests.Data.Detection;

public sealed class DetectionBatchTensorsTests
{
    [Fact]
    public void ImagesAndTargetsBecomeFloatTensors()
    {
        var set = new SyntheticDetectionSet(new SyntheticDetectionOptions(Count: 3, ImageSize: 64));
        var pipeline = DetectionBatchPipeline.ForEvaluation(set, 64, 3, threads: 0);
        var batch = pipeline.HostBatches(0).Single();
        using var scope = torch.NewDisposeScope();
        var (images, targets) = DetectionBatchTensors.ToTensors(batch);
        Assert.Equal(new long[] { 3, 3, 64, 64 }, images.shape);
        Assert.Equal(new long[] { batch.Targets.Count, 6 }, targets.shape);
        var pixels = images.data<float>().ToArray();
        Assert.Equal(batch.Pixels[100] / 255f, pixels[100]);
        Assert.Equal(batch.TargetRows(), targets.data<float>().ToArray());
    }
}
