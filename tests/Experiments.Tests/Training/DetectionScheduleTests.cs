using Ablation.Experiments.Training;
using Xunit;

namespace Ablation.Experiments.Tests.Training;

/// <summary>
/// The YOLOv5 schedule against tests/reference/yolov5_schedule_ref.py (train.py's formulas with numpy's interp
/// and round-half-even), and YOLOX's against tests/reference/yolox_schedule_ref.py.
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

    /// <summary>Schedule yolox against tests/reference/yolox_schedule_ref.py (YOLOX's yoloxwarmcos at it = ni + 1,
    /// lr = 0.01 batch / 64, min_lr_ratio = lrf 0.05).</summary>
    [Theory]
    // 30 epochs, 10 steps per epoch, batch 16, 1 warm-up epoch, the last 5 without augmentation
    [InlineData(30, 10, 16, 1, 5, 0, 2.5000000000000005e-05)]
    [InlineData(30, 10, 16, 1, 5, 4, 0.000625)]
    [InlineData(30, 10, 16, 1, 5, 9, 0.0025)]
    [InlineData(30, 10, 16, 1, 5, 10, 0.0024998982639941334)]
    [InlineData(30, 10, 16, 1, 5, 77, 0.002059817964371682)]
    [InlineData(30, 10, 16, 1, 5, 249, 0.000125)]
    [InlineData(30, 10, 16, 1, 5, 299, 0.000125)]
    // 300 epochs, 7 steps per epoch, batch 64, 5 warm-up epochs, 15 without augmentation (yolox_base.py)
    [InlineData(300, 7, 64, 5, 15, 0, 8.163265306122448e-06)]
    [InlineData(300, 7, 64, 5, 15, 10, 0.0009877551020408162)]
    [InlineData(300, 7, 64, 5, 15, 77, 0.009988722412625746)]
    [InlineData(300, 7, 64, 5, 15, 1000, 0.005356580805405074)]
    [InlineData(300, 7, 64, 5, 15, 2000, 0.0005)]
    public void Yolox_matches_yoloxwarmcos(int epochs, int nb, int batch, double warmup, int noAug, long ni, double lr)
    {
        var recipe = DetectionRecipe.Preset("yolox") with { Epochs = epochs, Batch = batch, WarmupEpochs = warmup, CloseMosaic = noAug };
        var s = new DetectionSchedule(recipe, nb);
        int epoch = (int)(ni / nb);
        for (int group = 0; group < 3; group++) Assert.Equal(lr, s.Lr(group, epoch, ni), 15);
        Assert.Equal(0.9, s.Momentum(ni));
        Assert.Equal(1, s.Accumulate(ni));
    }

    [Fact]
    public void Yolox_neither_accumulates_nor_scales_decay_nor_clips()
    {
        var r = DetectionRecipe.Preset("yolox") with { Batch = 16 };
        Assert.Equal(1, r.Accumulate);
        Assert.Equal(5e-4, r.ScaledWeightDecay);
        Assert.Equal(0.0025, r.BaseLr, 15);
        Assert.Null(r.ClipGradNorm);
        Assert.Equal(10.0, new DetectionRecipe().ClipGradNorm);
    }

    [Fact]
    public void The_l1_loss_is_on_in_the_last_close_mosaic_epochs()
    {
        var r = DetectionRecipe.Preset("yolox") with { Epochs = 20, CloseMosaic = 15 };
        Assert.False(r.L1LossIn(5));
        Assert.True(r.L1LossIn(6));
        Assert.True(r.L1LossIn(20));
        // the same epochs in which the pipeline closes mosaic (MosaicOpen takes 0-based epochs)
        for (int e = 1; e <= 20; e++) Assert.Equal(!r.Augmentation.MosaicOpen(e - 1, 20), r.L1LossIn(e));
    }
}
