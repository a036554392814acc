using Ablation.Torch.nn;
using Ablation.Torch.Serialization;
using Xunit;

namespace Ablation.Torch.Tests;

/// <summary>
/// Every layer against PyTorch (fixtures/nn_layers.safetensors from tests/reference/nn_layers.py): seeded
/// initial state, two training steps (outputs, input and parameter gradients, running statistics), then
/// evaluation mode; and the state-dict round trip with PyTorch in both directions.
/// </summary>
[Collection(SeededCollection.Name)]
public class LayerGoldenTests
{
    /// <summary>The same cases, in the same order (the order is the seed), as CASES in nn_layers.py.</summary>
    private static readonly (string Name, Func<Module> Make)[] Cases =
    {
        ("conv2d", () => new Conv2d(3, 4, 3, stride: 2, padding: 1)),
        ("conv2d_groups_nobias", () => new Conv2d(4, 8, (1, 3), padding: (0, 1), groups: 2, bias: false)),
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
        ("sequential", () => new Sequential(new Conv2d(2, 4, 3, padding: 1, bias: false), new BatchNorm2d(4), new ReLU())),
    };

    private static Dictionary<string, Tensor> Golden => NnFixtures.Load("nn_layers.safetensors");

    public static TheoryData<string> CaseNames => new(Cases.Select(c => c.Name));

    [Fact]
    public void CasesAreThoseOfTheReferenceScriptInItsOrder()
    {
        var fixture = Golden.Where(kv => kv.Key.EndsWith(".index"))
            .OrderBy(kv => kv.Value.Item<long>()).Select(kv => kv.Key[..^".index".Length]);
        Assert.Equal(fixture, Cases.Select(c => c.Name));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void LayerMatchesPyTorch(string name)
    {
        torch.set_num_threads(1);
        var g = Golden;
        int index = Array.FindIndex(Cases, c => c.Name == name);
        torch.manual_seed((ulong)index);
        using var layer = Cases[index].Make();
        using var scope = torch.NewScope();

        // 1. The seeded default initialisation is PyTorch's.
        var state = layer.StateDict();
        var initial = g.Where(kv => kv.Key.StartsWith($"{name}.state.")).ToDictionary(kv => kv.Key[$"{name}.state.".Length..], kv => kv.Value);
        Assert.Equal(initial.Keys.Order(), state.Keys.Order());
        foreach (var (key, value) in initial) NnFixtures.AssertClose($"{name} initial {key}", value, state[key]);

        // 2. Two training steps.
        layer.Train();
        for (int step = 1; step <= 2; step++)
        {
            var x = g[$"{name}.x{step}"].Clone().RequiresGrad_();
            if (name.StartsWith("dropout")) torch.manual_seed((ulong)(1000 + step));
            var y = layer.Forward(name == "relu_inplace" ? x.Clone() : x);
            NnFixtures.AssertClose($"{name} output of step {step}", g[$"{name}.out{step}"], y);
            layer.ZeroGrad();
            (y * g[$"{name}.gout{step}"]).Sum().Backward();
            if (step == 1)
            {
                NnFixtures.AssertClose($"{name} input gradient", g[$"{name}.grad.input"], x.Grad!);
                foreach (var (key, p) in layer.NamedParameters())
                    NnFixtures.AssertClose($"{name} gradient of {key}", g[$"{name}.grad.{key}"], p.Grad!);
            }
            foreach (var (key, value) in g.Where(kv => kv.Key.StartsWith($"{name}.after{step}.")))
                NnFixtures.AssertClose($"{name} {key}", value, layer.StateDict()[key[$"{name}.after{step}.".Length..]]);
        }
        Assert.Equal(g.Keys.Count(k => k.StartsWith($"{name}.grad.")) - 1, layer.Parameters().Count());

        // 3. Evaluation mode.
        layer.Eval();
        using (torch.no_grad())
            NnFixtures.AssertClose($"{name} evaluation output", g[$"{name}.out_eval"], layer.Forward(g[$"{name}.x_eval"]));
    }

    /// <summary>The same model as RoundTripNet in nn_layers.py.</summary>
    private sealed class RoundTripNet : Module
    {
        private readonly Conv2d conv1;
        private readonly BatchNorm2d bn1;
        private readonly Sequential layer1;
        private readonly Linear fc;

        public RoundTripNet()
        {
            conv1 = RegisterModule("conv1", new Conv2d(3, 8, 3, padding: 1, bias: false));
            bn1 = RegisterModule("bn1", new BatchNorm2d(8));
            layer1 = RegisterModule("layer1", new Sequential(new Conv2d(8, 8, 3, stride: 2, padding: 1), new BatchNorm2d(8), new ReLU()));
            fc = RegisterModule("fc", new Linear(8, 5));
        }

        public override Tensor Forward(Tensor x)
        {
            x = F.relu(bn1.Forward(conv1.Forward(x)));
            x = layer1.Forward(x);
            return fc.Forward(F.adaptive_avg_pool2d(x, 1).Flatten(1));
        }
    }

    [Fact]
    public void StateDictWrittenByPyTorchLoadsAndGivesPyTorchsOutput()
    {
        torch.set_num_threads(1);
        using var net = new RoundTripNet();
        using var scope = torch.NewScope();
        var state = Golden.Where(kv => kv.Key.StartsWith("roundtrip.state.")).ToDictionary(kv => kv.Key["roundtrip.state.".Length..], kv => kv.Value);
        Assert.Equal(state.Keys.Order(), net.StateDict().Keys.Order());
        net.LoadStateDict(state);
        net.Eval();
        using (torch.no_grad())
            NnFixtures.AssertClose("round trip output", Golden["roundtrip.out"], net.Forward(Golden["roundtrip.x"]));
    }

    [Fact]
    public void StateDictWrittenByCSharpLoadsInPyTorchAndGivesTheSameOutput()
    {
        torch.set_num_threads(1);
        var dir = Directory.CreateTempSubdirectory("abl-nn-roundtrip-");
        try
        {
            torch.manual_seed(11);
            using var net = new RoundTripNet();
            using var scope = torch.NewScope();
            net.Forward(torch.randn(4, 3, 8, 8)); // training mode: running statistics move
            net.Eval();
            var x = torch.randn(2, 3, 8, 8);
            Tensor y;
            using (torch.no_grad()) y = net.Forward(x);
            string weights = Path.Combine(dir.FullName, "net.safetensors"), io = Path.Combine(dir.FullName, "io.safetensors"),
                result = Path.Combine(dir.FullName, "out.safetensors");
            Safetensors.Save(weights, net.StateDict());
            Safetensors.Save(io, new Dictionary<string, Tensor> { ["x"] = x });
            Python.Run($"""
                import sys, torch
                sys.path.insert(0, {Python.Quote(Fixtures.ReferenceDir)})
                from safetensors_io import load, save
                from nn_layers import RoundTripNet
                torch.set_num_threads(1)
                net = RoundTripNet()
                net.load_state_dict(load({Python.Quote(weights)}), strict=True)
                net.eval()
                with torch.no_grad():
                    out = net(load({Python.Quote(io)})["x"])
                save(dict(out=out), {Python.Quote(result)})
                """);
            NnFixtures.AssertClose("PyTorch output with the C# state dict", Safetensors.Load(result)["out"], y);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
