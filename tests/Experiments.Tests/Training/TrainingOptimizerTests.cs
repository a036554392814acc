using System.Text.Json;
using Ablation.Experiments.Tests.Data;
using Ablation.Experiments.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Xunit;

namespace Ablation.Experiments.Tests.Training;

/// <summary>The trainer's optimizer step for step against torch.optim (tests/reference/train_optimizer.py).</summary>
public class TrainingOptimizerTests
{
    private static readonly JsonElement Golden = JsonDocument.Parse(ReferenceScript.Run("train_optimizer.py")).RootElement;

    private static float[] Floats(JsonElement e) => e.EnumerateArray().Select(x => (float)x.GetDouble()).ToArray();

    private sealed class TwoParams : nn.Module<Tensor, Tensor>
    {
        public Parameter W { get; }
        public Parameter B { get; }

        public TwoParams() : base(nameof(TwoParams))
        {
            W = new Parameter(torch.tensor(Floats(Golden.GetProperty("w0")), new long[] { 3, 4 }));
            B = new Parameter(torch.tensor(Floats(Golden.GetProperty("b0"))));
            register_parameter("w", W);
            register_parameter("b", B);
        }

        public override Tensor forward(Tensor input) => input;
    }

    [Theory]
    [InlineData("sgd", "sgd", false, 5e-4, false)]
    [InlineData("sgd_nesterov", "sgd", true, 5e-4, false)]
    [InlineData("sgd_no_bias_decay", "sgd", false, 5e-2, true)]
    [InlineData("adamw", "adamw", false, 1e-2, false)]
    public void Five_steps_match_torch_optim(string name, string optimizer, bool nesterov, double decay, bool noBiasDecay)
    {
        using var model = new TwoParams();
        var recipe = new Recipe { Optimizer = optimizer, Momentum = 0.9, Nesterov = nesterov, WeightDecay = decay, NoBnBiasDecay = noBiasDecay };
        using var opt = TrainingOptimizer.Create(model, recipe);
        var lrs = Golden.GetProperty("lrs").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var grads = Golden.GetProperty("grads").EnumerateArray().ToArray();
        var expected = Golden.GetProperty("cases").GetProperty(name).EnumerateArray().ToArray();
        for (int step = 0; step < 5; step++)
        {
            using var scope = torch.NewDisposeScope();
            model.W.grad = torch.tensor(Floats(grads[step].GetProperty("w")), new long[] { 3, 4 });
            model.B.grad = torch.tensor(Floats(grads[step].GetProperty("b")));
            opt.SetLr(lrs[step]);
            opt.Step();
            var w = model.W.data<float>().ToArray();
            var b = model.B.data<float>().ToArray();
            var ew = Floats(expected[step].GetProperty("w"));
            var eb = Floats(expected[step].GetProperty("b"));
            for (int i = 0; i < ew.Length; i++) Assert.True(Math.Abs(ew[i] - w[i]) < 1e-6, $"{name} step {step + 1} w[{i}]: {w[i]} vs {ew[i]}");
            for (int i = 0; i < eb.Length; i++) Assert.True(Math.Abs(eb[i] - b[i]) < 1e-6, $"{name} step {step + 1} b[{i}]: {b[i]} vs {eb[i]}");
        }
    }

    [Fact]
    public void Its_state_round_trips_through_a_checkpoint_dictionary()
    {
        using var model = new TwoParams();
        using var opt = TrainingOptimizer.Create(model, new Recipe { Optimizer = "adamw" });
        using var scope = torch.NewDisposeScope();
        model.W.grad = torch.ones(3, 4);
        model.B.grad = torch.ones(4);
        opt.Step();
        var state = opt.State().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        Assert.Contains("state.0.exp_avg", state.Keys);
        Assert.Contains("state.1.exp_avg_sq", state.Keys);
        using var other = TrainingOptimizer.Create(model, new Recipe { Optimizer = "adamw" });
        other.LoadState(state);
        Assert.Equal(1f, other.State()["state.0.step"].item<float>());
        Assert.True(state["state.0.exp_avg"].bytes.SequenceEqual(other.State()["state.0.exp_avg"].bytes));
        var bad = new Dictionary<string, Tensor>(state) { ["state.7.exp_avg"] = torch.zeros(1) };
        Assert.Throws<ArgumentException>(() => other.LoadState(bad));
    }

    [Fact]
    public void No_bn_bias_decay_exempts_norm_weights_and_biases()
    {
        using var net = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.Flatten(), nn.Linear(4, 2));
        using var opt = TrainingOptimizer.Create(net, new Recipe { WeightDecay = 5e-4, NoBnBiasDecay = true });
        Assert.Equal(new[] { 5e-4, 0 }, opt.WeightDecays);
        Assert.Equal(new[] { 2, 4 }, opt.GroupSizes); // conv and linear weights; conv bias, bn weight and bias, linear bias
        using var plain = TrainingOptimizer.Create(net, new Recipe { WeightDecay = 5e-4 });
        Assert.Equal(new[] { 5e-4 }, plain.WeightDecays);
        Assert.Equal(new[] { 6 }, plain.GroupSizes);
    }
}
