using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.optim;
using S = TorchSharp.torch.optim.lr_scheduler;

namespace Ablation.TorchSupport.Tests;

/// <summary>
/// TorchSharp's torch.optim.lr_scheduler against PyTorch's (fixtures/nn_lr.safetensors from
/// tests/reference/nn_lr.py): the learning rates of two parameter groups after construction and after each
/// of 35 steps, and a resume at step 17 from the optimizer's saved state.
/// </summary>
public class LrScheduleGoldenTests
{
    private const int Steps = 35;

    /// <summary>
    /// A schedule of nn_lr.py: how to build it fresh, and how to build it to resume after <c>last</c> steps
    /// on an optimizer whose state (each group's lr and initial_lr) has been restored.
    /// </summary>
    private sealed record Config(Func<Optimizer, S.LRScheduler> Fresh, Func<Optimizer, int, S.LRScheduler> Resume)
    {
        /// <summary>A chainable schedule resumes as in PyTorch: built with last_epoch, its construction steps once.</summary>
        public static Config Chainable(Func<Optimizer, int, S.LRScheduler> make) => new(o => make(o, -1), make);

        /// <summary>
        /// SequentialLR(LinearLR, then, milestones=[iters]), as nn_lr.py builds warmups. TorchSharp's schedulers
        /// have no state_dict, through which PyTorch resumes a SequentialLR; past the milestone the sequence is
        /// its second schedule counted from the milestone, so that one resumes alone at last - iters.
        /// </summary>
        public static Config Warmup(int iters, double start, Func<Optimizer, int, S.LRScheduler> then) => new(
            o => S.SequentialLR(o, new[] { S.LinearLR(o, start_factor: start, total_iters: iters), then(o, -1) }, new[] { iters }),
            (o, last) => last >= iters ? then(o, last - iters) : throw new ArgumentException($"resume inside the warmup ({last} < {iters})"));
    }

    /// <summary>The configurations of nn_lr.py, under the same names.</summary>
    private static readonly Dictionary<string, Config> Configs = new()
    {
        ["step"] = Config.Chainable((o, last) => S.StepLR(o, step_size: 7, gamma: 0.5, last_epoch: last)),
        ["multistep"] = Config.Chainable((o, last) => S.MultiStepLR(o, new[] { 5, 12, 20 }, gamma: 0.1, last_epoch: last)),
        ["cosine"] = Config.Chainable((o, last) => S.CosineAnnealingLR(o, T_max: 30, last_epoch: last)),
        ["cosine_eta_min_past_tmax"] = Config.Chainable((o, last) => S.CosineAnnealingLR(o, T_max: 25, eta_min: 1e-3, last_epoch: last)),
        ["linear"] = Config.Chainable((o, last) => S.LinearLR(o, start_factor: 0.1, total_iters: 5, last_epoch: last)),
        ["warmup_cosine"] = Config.Warmup(5, 0.01, (o, last) => S.CosineAnnealingLR(o, T_max: 30, eta_min: 1e-4, last_epoch: last)),
        ["warmup_step"] = Config.Warmup(3, 0.1, (o, last) => S.StepLR(o, step_size: 7, gamma: 0.5, last_epoch: last)),
        ["warmup_multistep"] = Config.Warmup(4, 0.25, (o, last) => S.MultiStepLR(o, new[] { 10, 20 }, gamma: 0.1, last_epoch: last)),
    };

    public static TheoryData<string> ConfigNames => new(Configs.Keys);

    private static double[] Expected(string config) => Fixtures.Load("nn_lr.safetensors")[config].data<double>().ToArray();

    private static (SGD Optimizer, Parameter[] Params) MakeOptimizer()
    {
        var p = new[] { new Parameter(torch.zeros(1)), new Parameter(torch.zeros(1)) };
        var groups = new[]
        {
            new SGD.ParamGroup(new[] { p[0] }, new SGD.Options()),
            new SGD.ParamGroup(new[] { p[1] }, new SGD.Options { LearningRate = 0.02 }),
        };
        return (new SGD(groups, lr: 0.1, momentum: 0.9), p);
    }

    private static void AssertLrs(string config, double[] expected, long step, Optimizer optimizer)
    {
        var actual = optimizer.ParamGroups.Select(g => g.LearningRate).ToArray();
        for (int g = 0; g < 2; g++)
        {
            double e = expected[step * 2 + g];
            Assert.True(Math.Abs(e - actual[g]) <= 1e-12 + 1e-9 * Math.Abs(e), $"{config} group {g} step {step}: {actual[g]:R}, PyTorch gives {e:R}");
        }
    }

    [Fact]
    public void ConfigurationsAreThoseOfTheReferenceScript() =>
        Assert.Equal(Fixtures.Load("nn_lr.safetensors").Keys.Order(), Configs.Keys.Order());

    [Theory]
    [MemberData(nameof(ConfigNames))]
    public void LearningRatesMatchPyTorch(string config)
    {
        var expected = Expected(config);
        Assert.Equal((Steps + 1) * 2, expected.Length);
        var (opt, p) = MakeOptimizer();
        using var _ = opt;
        var sched = Configs[config].Fresh(opt);
        AssertLrs(config, expected, 0, opt);
        for (int step = 1; step <= Steps; step++)
        {
            opt.step();
            sched.step();
            AssertLrs(config, expected, step, opt);
        }
        foreach (var t in p) t.Dispose();
    }

    /// <summary>
    /// A schedule stopped after 16 steps resumes from the optimizer's restored state (through
    /// OptimizerStateDict): built to resume, it gives the rates of steps 17 and 18.
    /// </summary>
    [Theory]
    [MemberData(nameof(ConfigNames))]
    public void ResumedScheduleContinuesFromItsStepCount(string config)
    {
        var expected = Expected(config);
        var (before, p) = MakeOptimizer();
        var sched = Configs[config].Fresh(before);
        for (int step = 1; step <= 16; step++) sched.step();
        AssertLrs(config, expected, 16, before);
        var (resumed, q) = MakeOptimizer();
        using (torch.NewDisposeScope())
            OptimizerStateDict.Load(resumed, OptimizerStateDict.Of(before));
        var again = Configs[config].Resume(resumed, 16);
        AssertLrs(config, expected, 17, resumed);
        again.step();
        AssertLrs(config, expected, 18, resumed);
        before.Dispose();
        resumed.Dispose();
        foreach (var t in p.Concat(q)) t.Dispose();
    }
}
