using Ablation.Torch.nn;
using Ablation.Torch.optim;
using Ablation.Torch.Serialization;
using Xunit;

namespace Ablation.Torch.Tests;

/// <summary>
/// SGD and AdamW against torch.optim over 5 steps (fixtures/nn_optim.safetensors from
/// tests/reference/nn_optim.py): parameters after every step, state after the last, and a checkpoint
/// taken after step 3 (through a safetensors file) that resumes to the same parameters.
/// </summary>
public class OptimizerGoldenTests
{
    private const int Steps = 5;
    private static Dictionary<string, Tensor> Golden => NnFixtures.Load("nn_optim.safetensors");

    /// <summary>The configurations of nn_optim.py, under the same names.</summary>
    private static readonly Dictionary<string, Func<Tensor[], Optimizer>> Configs = new()
    {
        ["sgd_plain"] = p => new SGD(p, lr: 0.1),
        ["sgd_momentum"] = p => new SGD(p, lr: 0.1, momentum: 0.9),
        ["sgd_dampening_wd"] = p => new SGD(p, lr: 0.05, momentum: 0.8, dampening: 0.3, weight_decay: 1e-2),
        ["sgd_nesterov_wd"] = p => new SGD(p, lr: 0.1, momentum: 0.9, nesterov: true, weight_decay: 5e-4),
        ["sgd_groups"] = p => new SGD(new[] { new ParamGroup(new[] { p[0], p[2] }, weight_decay: 5e-4), new ParamGroup(new[] { p[1] }, lr: 0.01, weight_decay: 0) },
            lr: 0.1, momentum: 0.9, nesterov: true),
        ["adamw_default"] = p => new AdamW(p, lr: 0.01),
        ["adamw_custom"] = p => new AdamW(p, lr: 0.02, betas: (0.8, 0.99), eps: 1e-6, weight_decay: 0.05),
        ["adamw_groups"] = p => new AdamW(new[] { new ParamGroup(new[] { p[0], p[2] }, weight_decay: 0.1), new ParamGroup(new[] { p[1] }, lr: 0.005, weight_decay: 0) },
            lr: 0.01),
    };

    public static TheoryData<string> ConfigNames => new(Configs.Keys);

    private static Tensor[] FreshParams()
    {
        var p = new Tensor[3];
        for (int j = 0; j < 3; j++) p[j] = DisposeScope.Detach(Golden[$"init.p{j}"].Clone().RequiresGrad_());
        return p;
    }

    private static void SetGrads(Tensor[] p, int step)
    {
        for (int j = 0; j < p.Length; j++)
            p[j].Grad = Golden.TryGetValue($"grad{step}.p{j}", out var g) ? g.Clone() : null;
    }

    private static void AssertParams(string config, Tensor[] p, int step)
    {
        for (int j = 0; j < p.Length; j++)
            NnFixtures.AssertClose($"{config} p{j} after step {step}", Golden[$"{config}.step{step}.p{j}"], p[j], rtol: 1e-5, atol: 1e-6);
    }

    [Fact]
    public void ConfigurationsAreThoseOfTheReferenceScript()
    {
        var fixture = Golden.Keys.Where(k => k.Contains(".step1.p0")).Select(k => k[..k.IndexOf(".step1.p0")]).Order();
        Assert.Equal(fixture, Configs.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(ConfigNames))]
    public void FiveStepsMatchTorchOptim(string config)
    {
        var p = FreshParams();
        using var opt = Configs[config](p);
        using var scope = torch.NewScope();
        for (int step = 1; step <= Steps; step++)
        {
            SetGrads(p, step);
            opt.Step();
            AssertParams(config, p, step);
        }
        // State after the last step, keyed by parameter position (the optimizer numbers them by group order).
        var order = opt.ParamGroups.SelectMany(g => g.Params).Select(t => Array.IndexOf(p, t)).ToArray();
        var state = opt.StateDict();
        var expected = Golden.Where(kv => kv.Key.StartsWith(config + ".state.")).ToList();
        Assert.Equal(expected.Count, state.Keys.Count(k => k.StartsWith("state.")));
        foreach (var (key, value) in expected)
        {
            var parts = key[(config.Length + ".state.".Length)..].Split('.', 2);
            int index = Array.IndexOf(order, int.Parse(parts[0]));
            NnFixtures.AssertClose($"{config} {key}", value, state[$"state.{index}.{parts[1]}"]);
        }
        foreach (var t in p) t.Dispose();
    }

    [Theory]
    [MemberData(nameof(ConfigNames))]
    public void CheckpointAfterThreeStepsResumesToTheSameParameters(string config)
    {
        var dir = Directory.CreateTempSubdirectory("abl-optim-");
        var p = FreshParams();
        try
        {
            string file = Path.Combine(dir.FullName, "optim.safetensors");
            using (var opt = Configs[config](p))
            using (torch.NewScope())
            {
                for (int step = 1; step <= 3; step++)
                {
                    SetGrads(p, step);
                    opt.Step();
                }
                Safetensors.Save(file, opt.StateDict());
                // Disturb what the checkpoint must restore.
                foreach (var g in opt.ParamGroups) g.lr *= 10;
            }
            using var resumed = Configs[config](p);
            using var scope = torch.NewScope();
            resumed.LoadStateDict(Safetensors.Load(file));
            for (int step = 4; step <= Steps; step++)
            {
                SetGrads(p, step);
                resumed.Step();
                AssertParams(config, p, step);
            }
        }
        finally
        {
            foreach (var t in p) t.Dispose();
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void LoadStateDictRejectsAnotherOptimizersState()
    {
        var p = FreshParams();
        using var sgd = new SGD(p, lr: 0.1, momentum: 0.9);
        using var adam = new AdamW(p);
        using var scope = torch.NewScope();
        SetGrads(p, 1);
        adam.Step();
        var e = Assert.Throws<ArgumentException>(() => sgd.LoadStateDict(adam.StateDict()));
        Assert.Contains("unexpected keys", e.Message);
        using var other = new SGD(new[] { p[0] }, lr: 0.1);
        e = Assert.Throws<ArgumentException>(() => other.LoadStateDict(sgd.StateDict()));
        Assert.Contains("lists 3 parameters", e.Message);
        foreach (var t in p) t.Dispose();
    }

    [Fact]
    public void BadArgumentsAreClearErrors()
    {
        var p = FreshParams();
        Assert.Contains("nesterov", Assert.Throws<ArgumentException>(() => new SGD(p, lr: 0.1, nesterov: true)).Message);
        Assert.Contains("more than one group", Assert.Throws<ArgumentException>(() => new SGD(new[] { new ParamGroup(p), new ParamGroup(new[] { p[0] }) }, lr: 0.1)).Message);
        Assert.Contains("learning rate", Assert.Throws<ArgumentException>(() => new SGD(p, lr: -1)).Message);
        Assert.Contains("betas", Assert.Throws<ArgumentException>(() => new AdamW(p, betas: (1.0, 0.9))).Message);
        foreach (var t in p) t.Dispose();
    }

    [Fact]
    public void SplitWeightDecayExemptsNormWeightsAndBiases()
    {
        using var net = new Sequential(new Conv2d(3, 4, 3), new BatchNorm2d(4), new Flatten(), new Linear(4, 2));
        var groups = ParamGroup.SplitWeightDecay(net.Parameters(), 5e-4);
        using var opt = new SGD(groups, lr: 0.1, momentum: 0.9);
        Assert.Equal(new[] { 5e-4, 0 }, opt.ParamGroups.Select(g => g.weight_decay));
        Assert.Equal(2, opt.ParamGroups[0].Params.Count); // conv and linear weights
        Assert.Equal(4, opt.ParamGroups[1].Params.Count); // conv bias, bn weight and bias, linear bias
    }
}
