using Ablation.TorchSupport.nn;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Ablation.TorchSupport.Tests;

/// <summary>
/// Every layer of Ablation.TorchSupport.nn against PyTorch (fixtures/nn_layers.safetensors from
/// tests/reference/nn_layers.py): seeded initial state, two training steps (outputs, input and parameter
/// gradients, running statistics), then evaluation mode.
/// </summary>
[Collection(SeededCollection.Name)]
public class LayerGoldenTests
{
    /// <summary>The same cases, in the same order (the order is the seed), as CASES in nn_layers.py.</summary>
    private static readonly (string Name, Func<TorchSharp.torch.nn.Module<Tensor, Tensor>> Make)[] Cases =
    {
        ("conv2d", () => new Conv2d(3, 4, 3, stride: 2, padding: 1)),
        ("conv2d_groups_nobias", () => new Conv2d(4, 8, (1, 3), (1, 1), (0, 1), (1, 1), groups: 2, bias: false)),
        ("conv2d_dilation", () => new Conv2d(2, 3, 3, padding: 2, dilation: 2)),
        ("conv1d_eca", () => new Conv1d(1, 1, 3, padding: 1, bias: false)),
        ("conv1d", () => new Conv1d(4, 6, 3, stride: 2, groups: 2)),
        ("linear", () => new Linear(6, 4)),
        ("linear_nobias_3d", () => new Linear(5, 2, bias: false)),
        ("batchnorm2d", () => new BatchNorm2d(3)),
        ("batchnorm2d_momentum_eps", () => new BatchNorm2d(3, eps: 1e-3, momentum: 0.3)),
        ("batchnorm2d_cumulative", () => new BatchNorm2d(3, momentum: null)),
        ("batchnorm2d_noaffine", () => new BatchNorm2d(3, affine: false)),
        ("batchnorm2d_nostats", () => new BatchNorm2d(3, track_running_stats: false)),
        ("batchnorm1d", () => new BatchNorm1d(5)),
        ("batchnorm1d_3d", () => new BatchNorm1d(5)),
        ("relu", () => new ReLU()),
        ("relu_inplace", () => new ReLU(inplace: true)),
        ("relu6", () => new ReLU6()),
        ("silu", () => new SiLU()),
        ("hardswish", () => new Hardswish()),
        ("hardsigmoid", () => new Hardsigmoid()),
        ("mish", () => new Mish()),
        ("sigmoid", () => new Sigmoid()),
        ("tanh", () => new Tanh()),
        ("leaky_relu", () => new LeakyReLU(0.2)),
        ("gelu", () => new GELU()),
        ("maxpool2d", () => new MaxPool2d(3, 2, 1)),
        ("maxpool2d_ceil", () => new MaxPool2d(2, ceil_mode: true)),
        ("avgpool2d", () => new AvgPool2d(2)),
        ("avgpool2d_pad_exclude", () => new AvgPool2d(3, 2, 1, count_include_pad: false)),
        ("adaptive_avgpool2d_1", () => new AdaptiveAvgPool2d(1)),
        ("adaptive_avgpool2d_3", () => new AdaptiveAvgPool2d(3)),
        ("adaptive_avgpool2d_h1", () => new AdaptiveAvgPool2d((5, 1))),
        ("adaptive_maxpool2d_2", () => new AdaptiveMaxPool2d(2)),
        ("dropout", () => new Dropout(0.3)),
        ("flatten", () => new Flatten()),
        ("identity", () => new Identity()),
        ("sequential", () => TorchSharp.torch.nn.Sequential(new Conv2d(2, 4, 3, padding: 1, bias: false), new BatchNorm2d(4), new ReLU())),
    };

    private static Dictionary<string, Tensor> Golden => Fixtures.Load("nn_layers.safetensors");

    public static TheoryData<string> CaseNames => new(Cases.Select(c => c.Name));

    [Fact]
    public void Cases_are_those_of_the_reference_script_in_its_order()
    {
        var fixture = Golden.Where(kv => kv.Key.EndsWith(".index"))
            .OrderBy(kv => kv.Value.item<long>()).Select(kv => kv.Key[..^".index".Length]);
        Assert.Equal(fixture, Cases.Select(c => c.Name));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Layer_matches_PyTorch(string name)
    {
        torch.set_num_threads(1);
        var g = Golden;
        int index = Array.FindIndex(Cases, c => c.Name == name);
        torch.manual_seed(index);
        using var layer = Cases[index].Make();
        using var scope = torch.NewDisposeScope();

        // 1. The seeded default initialisation is PyTorch's, under PyTorch's keys.
        var state = layer.state_dict();
        var initial = g.Where(kv => kv.Key.StartsWith($"{name}.state.")).ToDictionary(kv => kv.Key[$"{name}.state.".Length..], kv => kv.Value);
        Assert.Equal(initial.Keys.Order(), state.Keys.Order());
        foreach (var (key, value) in initial) Fixtures.AssertClose($"{name} initial {key}", value, state[key]);

        // 2. Two training steps.
        layer.train();
        var parameters = layer.named_parameters().ToList();
        for (int step = 1; step <= 2; step++)
        {
            var x = g[$"{name}.x{step}"].clone().requires_grad_();
            if (name.StartsWith("dropout")) torch.manual_seed(1000 + step);
            var y = layer.forward(name == "relu_inplace" ? x.clone() : x);
            Fixtures.AssertClose($"{name} output of step {step}", g[$"{name}.out{step}"], y);
            layer.zero_grad();
            (y * g[$"{name}.gout{step}"]).sum().backward();
            if (step == 1)
            {
                Fixtures.AssertClose($"{name} input gradient", g[$"{name}.grad.input"], x.grad!);
                foreach (var (key, p) in parameters)
                    Fixtures.AssertClose($"{name} gradient of {key}", g[$"{name}.grad.{key}"], p.grad!);
            }
            var after = layer.state_dict();
            foreach (var (key, value) in g.Where(kv => kv.Key.StartsWith($"{name}.after{step}.")))
                Fixtures.AssertClose($"{name} {key}", value, after[key[$"{name}.after{step}.".Length..]]);
        }
        Assert.Equal(g.Keys.Count(k => k.StartsWith($"{name}.grad.")) - 1, parameters.Count);

        // 3. Evaluation mode.
        layer.eval();
        using (torch.no_grad())
            Fixtures.AssertClose($"{name} evaluation output", g[$"{name}.out_eval"], layer.forward(g[$"{name}.x_eval"]));
    }
}
