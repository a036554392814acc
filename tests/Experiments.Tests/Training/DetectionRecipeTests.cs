using Ablation.Experiments.Training;
using Xunit;

namespace Ablation.Experiments.Tests.Training;

public class DetectionRecipeTests
{
    [Fact]
    public void Yolov5_preset_is_hyp_scratch_low()
    {
        var r = DetectionRecipe.Preset("yolov5");
        Assert.Equal((0.01, 0.01, 0.937, 5e-4, 3.0, 0.8, 0.1, 64), (r.Lr0, r.Lrf, r.Momentum, r.WeightDecay, r.WarmupEpochs, r.WarmupMomentum, r.WarmupBiasLr, r.Nbs));
        Assert.Equal((0.9999, 2000.0), (r.EmaDecay, r.EmaTau));
        Assert.Equal(640, r.ImgSize);
        Assert.Equal(1.0f, r.Augmentation.Mosaic);
        Assert.Equal(r.CloseMosaic, r.Augmentation.CloseMosaic);
    }

    [Theory]
    [InlineData("img_size", "100", "recipe: field 'img_size' is '100', allowed: a positive multiple of 32 (the largest stride)")]
    [InlineData("schedule", "step", "recipe: field 'schedule' is 'step', allowed: linear, cosine, yolox")]
    [InlineData("close_mosaic", "-1", "recipe: field 'close_mosaic' is '-1', allowed: an integer >= 0")]
    [InlineData("lrf", "2", "recipe: field 'lrf' is '2', allowed: a number in [0, 1]")]
    [InlineData("label_smoothing", "0.1", "recipe: unknown detection field 'label_smoothing', allowed: epochs, batch, img_size, close_mosaic, lr0, lrf, schedule, momentum, weight_decay, nbs, warmup_epochs, warmup_momentum, warmup_bias_lr, ema_decay, ema_tau, mosaic, eval_interval")]
    public void Bad_fields_are_one_line_errors(string field, string value, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => new DetectionRecipe().Set(field, value));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Json_round_trips()
    {
        var r = new DetectionRecipe().Set("img_size", "128").Set("close_mosaic", "3").Set("schedule", "cosine");
        Assert.Equal(r, DetectionRecipe.FromJson(r.ToString()));
        Assert.Throws<ArgumentException>(() => DetectionRecipe.Preset("yolov9"));
    }
}
