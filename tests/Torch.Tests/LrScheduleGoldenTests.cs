using Ablation.Torch.optim;
using Ablation.Torch.optim.lr_scheduler;
using Xunit;

namespace Ablation.Torch.Tests;

/// <summary>
/// Every schedule against torch.optim.lr_scheduler (fixtures/nn_lr.safetensors from tests/reference/nn_lr.py):
/// the learning rates of two parameter groups after construction and after each of 35 steps, and a resume
/// from a step count.
/// </summary>
public class LrScheduleGoldenTests
{
    private const int Steps = 35;

    private static readonly Dictionary<string, ILrSchedule> Configs = new()
    {
        ["step"] = new StepLR(step_size: 7, gamma: 0.5),
        ["multistep"] = new MultiStepLR(new long[] { 5, 12, 20 }, gamma: 0.1),
        ["cosine"] = new CosineAnnealingLR(T_max: 30),
        ["cosine_eta_min_past_tmax"] = new CosineAnnealingLR(T_max: 25, eta_min: 1e-3),
        ["linear"] = new LinearLR(start_factor: 0.1, total_iters: 5),
        ["warmup_cosine"] = new LinearWarmup(5, 0.01, new CosineAnnealingLR(T_max: 30, eta_min: 1e-4)),
        ["warmup_step"] = new LinearWarmup(3, 0.1, new StepLR(step_size: 7, gamma: 0.5)),
        ["warmup_multistep"] = new LinearWarmup(4, 0.25, new MultiStepLR(new long[] { 10, 20 }, gamma: 0.1)),
    };

    public static TheoryData<string> ConfigNames => new(Configs.Keys);

    private static double[] Expected(string config) => NnFixtures.Load("nn_lr.safetensors")[config].ToArray<double>();

    private static (SGD Optimizer, Tensor[] Params) MakeOptimizer()
    {
        var p = new[] { DisposeScope.Detach(torch.zeros(1).RequiresGrad_()), DisposeScope.Detach(torch.zeros(1).RequiresGrad_()) };
        return (new SGD(new[] { new ParamGroup(new[] { p[0] }), new ParamGroup(new[] { p[1] }, lr: 0.02) }, lr: 0.1, momentum: 0.9), p);
    }

    private static void AssertLrs(string config, double[] expected, long step, IReadOnlyList<double> actual)
    {
        for (int g = 0; g < 2; g++)
        {
            double e = expected[step * 2 + g];
            Assert.True(Math.Abs(e - actual[g]) <= 1e-12 + 1e-9 * Math.Abs(e), $"{config} group {g} step {step}: {actual[g]:R}, PyTorch gives {e:R}");
        }
    }

    [Fact]
    public void ConfigurationsAreThoseOfTheReferenceScript() =>
        Assert.Equal(NnFixtures.Load("nn_lr.safetensors").Keys.Order(), Configs.Keys.Order());

    [Theory]
    [MemberData(nameof(ConfigNames))]
    public void LearningRatesMatchPyTorch(string config)
    {
        var expected = Expected(config);
        Assert.Equal((Steps + 1) * 2, expected.Length);
        var (opt, p) = MakeOptimizer();
        using var _ = opt;
        var sched = new LRScheduler(opt, Configs[config]);
        AssertLrs(config, expected, 0, sched.get_last_lr());
        for (int step = 1; step <= Steps; step++)
        {
            sched.Step();
            AssertLrs(config, expected, step, sched.get_last_lr());
        }
        Assert.Equal(Steps, sched.last_epoch);
        foreach (var t in p) t.Dispose();
    }

    [Theory]
    [MemberData(nameof(ConfigNames))]
    public void ResumedScheduleContinuesFromItsStepCount(string config)
    {
        var expected = Expected(config);
        var (opt, p) = MakeOptimizer();
        using var _ = opt;
        new LRScheduler(opt, Configs[config]).Step(); // an earlier scheduler wrote initial_lr and lr
        var resumed = new LRScheduler(opt, Configs[config]);
        resumed.Resume(17);
        AssertLrs(config, expected, 17, resumed.get_last_lr());
        resumed.Step();
        AssertLrs(config, expected, 18, resumed.get_last_lr());
        foreach (var t in p) t.Dispose();
    }

    [Fact]
    public void BadArgumentsAreClearErrors()
    {
        Assert.Contains("step_size", Assert.Throws<ArgumentException>(() => new StepLR(0)).Message);
        Assert.Contains("T_max", Assert.Throws<ArgumentException>(() => new CosineAnnealingLR(0)).Message);
        Assert.Contains("start_factor", Assert.Throws<ArgumentException>(() => new LinearWarmup(5, 0, new ConstantSchedule())).Message);
    }
}
