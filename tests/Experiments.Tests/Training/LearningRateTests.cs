using System.Text.Json;
using Ablation.Experiments.Tests.Data;
using Ablation.Experiments.Training;
using Xunit;

namespace Ablation.Experiments.Tests.Training;

/// <summary>The recipe's schedules against torch.optim.lr_scheduler (tests/reference/train_schedules.py).</summary>
public class LearningRateTests
{
    private static readonly JsonElement Golden = JsonDocument.Parse(ReferenceScript.Run("train_schedules.py")).RootElement;

    private static void AssertSchedule(string name, Recipe recipe)
    {
        var expected = Golden.GetProperty(name).GetProperty("lrs").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (int epoch = 0; epoch < expected.Length; epoch++)
            Assert.Equal(expected[epoch], LearningRate.At(recipe, epoch, 0), 12);
    }

    private static readonly Recipe Base = new() { Epochs = 12, Lr = 0.1 };

    [Fact]
    public void Step_matches_StepLR() => AssertSchedule("step", Base with { Schedule = "step", StepSize = 5, Gamma = 0.5 });

    [Fact]
    public void Multistep_matches_MultiStepLR() =>
        AssertSchedule("multistep", Base with { Schedule = "multistep", Milestones = new[] { 3, 7 }, Gamma = 0.1 });

    [Fact]
    public void Cosine_matches_CosineAnnealingLR_at_epoch_starts() => AssertSchedule("cosine", Base with { Schedule = "cosine" });

    [Fact]
    public void Warmup_ramps_linearly_per_step_then_hands_over()
    {
        var recipe = Base with { Schedule = "constant", WarmupEpochs = 2 };
        Assert.Equal(0.1 * 0.25 / 2, LearningRate.At(recipe, 0, 0, stepFraction: 0.25), 12); // first step of 4
        Assert.Equal(0.1 * 1.5 / 2, LearningRate.At(recipe, 1, 0.25, 0.25), 12);
        Assert.Equal(0.1, LearningRate.At(recipe, 2, 0), 12);
        // Cosine after warmup starts at the full rate and anneals over the remaining epochs.
        var cosine = Base with { WarmupEpochs = 2 };
        Assert.Equal(0.1, LearningRate.At(cosine, 2, 0), 12);
        Assert.Equal(0.05, LearningRate.At(cosine, 7, 0), 12);
    }
}
