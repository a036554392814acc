using Ablation.TorchSupport;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.PyBridge;
using Xunit;
using static TorchSharp.torch;

namespace Ablation.TorchSupport.Tests;

/// <summary>
/// TorchSharp's torch.optim SGD and AdamW against PyTorch's over 5 steps (fixtures/nn_optim.safetensors from
/// tests/reference/nn_optim.py): parameters after every step, state after the last (through
/// <see cref="OptimizerStateDict"/>, with torch.optim's keys), and a checkpoint taken after step 3 (through a
/// safetensors file) that resumes to the same parameters.
/// </summary>
public class OptimizerGoldenTests
{
    private const int Steps = 5;
    private static Dictionary<string, Tensor> Golden => Fixtures.Load("nn_optim.safetensors");

    /// <summary>
    /// The configurations of nn_optim.py, under the same names. TorchSharp's AdamW defaults to
    /// weight_decay 0 where PyTorch's defaults to 1e-2: "adamw_default" passes PyTorch's default.
    /// </summary>
    private static readonly Dictionary<string, Func<Parameter[], OptimizerHelper>> Configs = new()
    {
        ["sgd_plain"] = p => new SGD(p, lr: 0.1),
        ["sgd_momentum"] = p => new SGD(p, lr: 0.1, momentum: 0.9),
        ["sgd_dampening_wd"] = p => new SGD(p, lr: 0.05, momentum: 0.8, dampening: 0.3, weight_decay: 1e-2),
        ["sgd_nesterov_wd"] = p => new SGD(p, lr: 0.1, momentum: 0.9, nesterov: true, weight_decay: 5e-4),
        ["sgd_groups"] = p => new SGD(new[]
            {
                new SGD.ParamGroup(new[] { p[0], p[2] }, new SGD.Options { weight_decay = 5e-4 }),
                new SGD.ParamGroup(new[] { p[1] }, new SGD.Options { LearningRate = 0.01, weight_decay = 0 }),
            }, lr: 0.1, momentum: 0.9, nesterov: true),
        ["adamw_default"] = p => new AdamW(p, lr: 0.01, weight_decay: 1e-2),
        ["adamw_custom"] = p => new AdamW(p, lr: 0.02, beta1: 0.8, beta2: 0.99, eps: 1e-6, weight_decay: 0.05),
        ["adamw_groups"] = p => new AdamW(new[]
            {
                new AdamW.ParamGroup(new[] { p[0], p[2] }, new AdamW.Options { weight_decay = 0.1 }),
                new AdamW.ParamGroup(new[] { p[1] }, new AdamW.Options { LearningRate = 0.005, weight_decay = 0 }),
            }, lr: 0.01),
    };

    public static TheoryData<string> ConfigNames => new(Configs.Keys);

    private static Parameter[] FreshParams() =>
        Enumerable.Range(0, 3).Select(j => new Parameter(Golden[$"init.p{j}"].clone().DetachFromDisposeScope())).ToArray();

    private static void SetGrads(Parameter[] p, int step)
    {
        for (int j = 0; j < p.Length; j++)
            p[j].grad = Golden.TryGetValue($"grad{step}.p{j}", out var g) ? g.clone() : null;
    }

    private static void AssertParams(string config, Parameter[] p, int step)
    {
        for (int j = 0; j < p.Length; j++)
            Fixtures.AssertClose($"{config} p{j} after step {step}", Golden[$"{config}.step{step}.p{j}"], p[j], rtol: 1e-5, atol: 1e-6);
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
        using var scope = torch.NewDisposeScope();
        for (int step = 1; step <= Steps; step++)
        {
            SetGrads(p, step);
            opt.step();
            AssertParams(config, p, step);
        }
        // State after the last step, keyed by parameter position (the optimizer numbers them by group order).
        var order = opt.parameters().Select(t => Array.FindIndex(p, q => q.Handle == t.Handle)).ToArray();
        var state = OptimizerStateDict.Of(opt);
        var expected = Golden.Where(kv => kv.Key.StartsWith(config + ".state.")).ToList();
        Assert.Equal(expected.Count, state.Keys.Count(k => k.StartsWith("state.")));
        foreach (var (key, value) in expected)
        {
            var parts = key[(config.Length + ".state.".Length)..].Split('.', 2);
            int index = Array.IndexOf(order, int.Parse(parts[0]));
            Fixtures.AssertClose($"{config} {key}", value, state[$"state.{index}.{parts[1]}"]);
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
            using (torch.NewDisposeScope())
            {
                for (int step = 1; step <= 3; step++)
                {
                    SetGrads(p, step);
                    opt.step();
                }
                Safetensors.SaveStateDict(file, OptimizerStateDict.Of(opt));
                // Disturb what the checkpoint must restore.
                foreach (var g in opt.ParamGroups) g.LearningRate *= 10;
            }
            using var resumed = Configs[config](p);
            foreach (var g in resumed.ParamGroups) g.LearningRate *= 10;
            using var scope = torch.NewDisposeScope();
            OptimizerStateDict.Load(resumed, Safetensors.LoadStateDict(file));
            for (int step = 4; step <= Steps; step++)
            {
                SetGrads(p, step);
                resumed.step();
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
    public void LoadingAnotherOptimizersStateIsAClearError()
    {
        var p = FreshParams();
        using var sgd = new SGD(p, lr: 0.1, momentum: 0.9);
        using var adam = new AdamW(p);
        using var scope = torch.NewDisposeScope();
        SetGrads(p, 1);
        adam.step();
        var e = Assert.Throws<ArgumentException>(() => OptimizerStateDict.Load(sgd, OptimizerStateDict.Of(adam)));
        Assert.Contains("SGD.load_state_dict: unexpected keys state.0.exp_avg", e.Message);
        using var other = new SGD(new[] { p[0] }, lr: 0.1);
        e = Assert.Throws<ArgumentException>(() => OptimizerStateDict.Load(other, OptimizerStateDict.Of(sgd)));
        Assert.Contains("'param_groups.0.params' lists 3 parameters, the optimizer's group 0 has 1", e.Message);
        using var transposed = new SGD(new[] { new Parameter(torch.zeros(4, 3)), p[1], p[2] }, lr: 0.1, momentum: 0.9);
        sgd.step();
        e = Assert.Throws<ArgumentException>(() => OptimizerStateDict.Load(transposed, OptimizerStateDict.Of(sgd)));
        Assert.Contains("'state.0.momentum_buffer' has shape [3, 4], parameter 0 has [4, 3]", e.Message);
        foreach (var t in p) t.Dispose();
    }

    [Fact]
    public void BadArgumentsAreClearErrors()
    {
        var p = FreshParams();
        Assert.Contains("Nesterov", Assert.Throws<ArgumentException>(() => new SGD(p, lr: 0.1, nesterov: true)).Message);
        Assert.Contains("learning rate", Assert.Throws<ArgumentException>(() => new SGD(p, lr: -1)).Message);
        Assert.Contains("beta1", Assert.Throws<ArgumentException>(() => new AdamW(p, beta1: 1.0)).Message);
        foreach (var t in p) t.Dispose();
    }
}
