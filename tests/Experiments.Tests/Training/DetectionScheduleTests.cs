using Ablation.Experiments.Training;
using Xunit;

namespace Ablation.Experiments.Tests.Training;

/// <summary>
/// The YOLOv5 schedule against tests/reference/yolov5_schedule_ref.py (train.py's formulas with numpy's interp
/// and round-half-even).
/// </summary>
public class DetectionScheduleTests
{
    [Theory]
    // linear, 30 epochs, 32 steps per epoch, batch 16: nw = 100, accumulate 4
    [InlineData("linear", 30, 32, 16, 0, 0.1, 0.0, 0.8, 1)]
    [InlineData("linear", 30, 32, 16, 1, 0.09910000000000001, 0.0001, 0.80137, 1)]
    [InlineData("linear", 30, 32, 16, 37, 0.0665779, 0.0035778999999999997, 0.8506900000000001, 2)]
    [InlineData("linear", 30, 32, 16, 99, 0.009919899999999995, 0.008919900000000001, 0.9356300000000001, 4)]
    [InlineData("linear", 30, 32, 16, 150, 0.00868, 0.00868, 0.937, 4)]
    [InlineData("linear", 30, 32, 16, 500, 0.00505, 0.00505, 0.937, 4)]
    // cosine one-cycle, 10 epochs, 7 steps per epoch, batch 8: accumulate 8
    [InlineData("cosine", 10, 7, 8, 37, 0.0648685, 0.0018685000000000006, 0.8506900000000001, 4)]
    [InlineData("cosine", 10, 7, 8, 99, 0.004485162219065572, 0.0034851622190655704, 0.9356300000000001, 8)]
    [InlineData("cosine", 10, 7, 8, 150, 0.009757729755661011, 0.009757729755661011, 0.937, 8)]
    public void Matches_train_py(string kind, int epochs, int nb, int batch, long ni, double lrBias, double lrWeights, double momentum, int accumulate)
    {
        var recipe = new DetectionRecipe { Schedule = kind, Epochs = epochs, Batch = batch };
        var s = new DetectionSchedule(recipe, nb);
        int epoch = (int)(ni / nb);
        Assert.Equal(100, s.WarmupIterations);
        Assert.Equal(lrBias, s.Lr(0, epoch, ni), 12);
        Assert.Equal(lrWeights, s.Lr(1, epoch, ni), 12);
        Assert.Equal(lrWeights, s.Lr(2, epoch, ni), 12);
        Assert.Equal(momentum, s.Momentum(ni), 12);
        Assert.Equal(accumulate, s.Accumulate(ni));
    }

    [Fact]
    public void Weight_decay_is_scaled_to_the_nominal_batch()
    {
        Assert.Equal(4, new DetectionRecipe { Batch = 16 }.Accumulate);
        Assert.Equal(5e-4, new DetectionRecipe { Batch = 16 }.ScaledWeightDecay, 15);
        // batch 24: accumulate round(64 / 24) = 3, decay 5e-4 * 72 / 64
        Assert.Equal(3, new DetectionRecipe { Batch = 24 }.Accumulate);
        Assert.Equal(5e-4 * 72 / 64, new DetectionRecipe { Batch = 24 }.ScaledWeightDecay, 15);
        Assert.Equal(1, new DetectionRecipe { Batch = 128 }.Accumulate);
    }

    [Fact]
    public void Long_warm_up_uses_warmup_epochs_times_steps()
    {
        Assert.Equal(300, new DetectionSchedule(new DetectionRecipe(), 100).WarmupIterations);
        Assert.Equal(0, new DetectionSchedule(new DetectionRecipe { WarmupEpochs = 0 }, 100).WarmupIterations);
    }
}
