using Ablation.Torch.nn;
using Xunit;

namespace Ablation.Torch.Tests;

/// <summary>Module registration, PyTorch naming, modes, devices, state dicts and ownership.</summary>
[Collection(SeededCollection.Name)]
public class ModuleTests
{
    /// <summary>A torchvision-like block: conv, relu, optional downsample, a buffer of its own.</summary>
    private sealed class Block : Module
    {
        public readonly Conv2d conv1;
        public readonly Sequential? downsample;
        public readonly Tensor counter;

        public Block(long cin, long cout, bool down)
        {
            conv1 = RegisterModule("conv1", new Conv2d(cin, cout, 3, padding: 1, bias: false));
            downsample = RegisterModule("downsample", down ? new Sequential(new Conv2d(cin, cout, 1, bias: false), new ReLU()) : null);
            counter = RegisterBuffer("counter", torch.zeros(new long[] { 1 }, DType.Int64));
            RegisterBuffer("scratch", torch.zeros(2), persistent: false);
        }

        public override Tensor Forward(Tensor x)
        {
            var y = F.relu(conv1.Forward(x));
            return downsample is null ? y : y + downsample.Forward(x);
        }
    }

    private sealed class Net : Module
    {
        public readonly Conv2d conv1;
        public readonly Sequential layer1;

        public Net()
        {
            conv1 = RegisterModule("conv1", new Conv2d(3, 4, 3));
            layer1 = RegisterModule("layer1", new Sequential(new Block(4, 8, true), new Block(8, 8, false)));
        }

        public override Tensor Forward(Tensor x) => layer1.Forward(conv1.Forward(x));
    }

    [Fact]
    public void NamesFollowPyTorch()
    {
        using var net = new Net();
        Assert.Equal(new[] { "conv1.weight", "conv1.bias", "layer1.0.conv1.weight", "layer1.0.downsample.0.weight", "layer1.1.conv1.weight" },
            net.NamedParameters().Select(p => p.Name));
        Assert.Equal(new[] { "layer1.0.counter", "layer1.0.scratch", "layer1.1.counter", "layer1.1.scratch" },
            net.NamedBuffers().Select(b => b.Name));
        Assert.Equal(new[] { "", "conv1", "layer1", "layer1.0", "layer1.0.conv1", "layer1.0.downsample", "layer1.0.downsample.0",
                "layer1.0.downsample.1", "layer1.1", "layer1.1.conv1" },
            net.NamedModules().Select(m => m.Name));
        // State dict: a module's params, then its persistent buffers, then its children (PyTorch's order).
        Assert.Equal(new[] { "conv1.weight", "conv1.bias", "layer1.0.counter", "layer1.0.conv1.weight", "layer1.0.downsample.0.weight",
                "layer1.1.counter", "layer1.1.conv1.weight" },
            net.StateDict().Keys);
        Assert.All(net.Parameters(), p => Assert.True(p.RequiresGrad));
        Assert.Equal(4L * 3 * 9 + 4 + 8 * 4 * 9 + 8 * 4 + 8 * 8 * 9, net.Parameters().Sum(p => p.NumEl));
        Assert.IsType<ReLU>(((Sequential)net.layer1[0].NamedChildren().Last().Module)[1]);
    }

    [Fact]
    public void BadRegistrationsAreClearErrors()
    {
        var e = Assert.Throws<ArgumentException>(() => new DuplicateNames());
        Assert.Contains("'w' is already registered", e.Message);
        Assert.Throws<ArgumentException>(() => new DottedName());
    }

    private sealed class DuplicateNames : Module
    {
        public DuplicateNames()
        {
            RegisterParameter("w", torch.zeros(1));
            RegisterBuffer("w", torch.zeros(1));
        }
        public override Tensor Forward(Tensor x) => x;
    }

    private sealed class DottedName : Module
    {
        public DottedName() => RegisterModule("a.b", new ReLU());
        public override Tensor Forward(Tensor x) => x;
    }

    [Fact]
    public void TrainAndEvalReachEverySubmodule()
    {
        using var net = new Net();
        Assert.All(net.Modules(), m => Assert.True(m.Training));
        net.Eval();
        Assert.All(net.Modules(), m => Assert.False(m.Training));
        net.Train();
        Assert.All(net.Modules(), m => Assert.True(m.Training));
    }

    [Fact]
    public void ParametersSurviveScopesAndDieWithTheModule()
    {
        Net net;
        using (torch.NewScope()) net = new Net();
        Assert.All(net.Parameters().Concat(net.Buffers()), t => Assert.False(t.IsDisposed));
        using (var scope = torch.NewScope())
        {
            var y = net.Forward(torch.randn(2, 3, 6, 6));
            Assert.Equal(new long[] { 2, 8, 4, 4 }, y.Shape);
        }
        var all = net.Parameters().Concat(net.Buffers()).ToList();
        net.Dispose();
        Assert.All(all, t => Assert.True(t.IsDisposed));
    }

    [Fact]
    public void ToMovesInPlaceKeepingIdentity()
    {
        using var net = new Net();
        var weight = net.conv1.weight;
        net.To(DType.Float64);
        Assert.Same(weight, net.conv1.weight);
        Assert.Equal(DType.Float64, weight.DType);
        Assert.Equal(DType.Int64, net.NamedBuffers().First().Buffer.DType); // integer buffers keep their dtype
        Assert.True(weight.RequiresGrad);
        net.To(Device.Meta);
        Assert.All(net.Parameters().Concat(net.Buffers()), t => Assert.Equal(Device.Meta, t.Device));
    }

    [Fact]
    public void ZeroGradClearsOrZeroes()
    {
        using var net = new Net();
        using var scope = torch.NewScope();
        net.Forward(torch.randn(1, 3, 6, 6)).Sum().Backward();
        Assert.All(net.Parameters(), p => Assert.NotNull(p.Grad));
        net.ZeroGrad(set_to_none: false);
        Assert.All(net.Parameters(), p => Assert.All(p.Grad!.ToArray<float>(), v => Assert.Equal(0f, v)));
        net.ZeroGrad();
        Assert.All(net.Parameters(), p => Assert.Null(p.Grad));
    }

    [Fact]
    public void StateDictRoundTripsBetweenModels()
    {
        using var scope = torch.NewScope();
        torch.manual_seed(1);
        using var a = new Net();
        torch.manual_seed(2);
        using var b = new Net();
        var x = torch.randn(1, 3, 6, 6);
        Assert.NotEqual(a.Forward(x).ToArray<float>(), b.Forward(x).ToArray<float>());
        var result = b.LoadStateDict(a.StateDict());
        Assert.Empty(result.MissingKeys);
        Assert.Empty(result.UnexpectedKeys);
        Assert.Equal(a.Forward(x).ToArray<float>(), b.Forward(x).ToArray<float>());
        Assert.NotSame(a.conv1.weight, b.conv1.weight);
    }

    [Fact]
    public void LoadStateDictListsMissingUnexpectedAndMisShapedKeys()
    {
        using var scope = torch.NewScope();
        using var net = new Net();
        var state = new Dictionary<string, Tensor>(net.StateDict());
        state.Remove("conv1.bias");
        state["extra.weight"] = torch.zeros(1);
        state["conv1.weight"] = torch.zeros(4, 3, 5, 5);
        var e = Assert.Throws<ArgumentException>(() => net.LoadStateDict(state));
        Assert.Contains("missing keys: conv1.bias", e.Message);
        Assert.Contains("unexpected keys: extra.weight", e.Message);
        Assert.Contains("conv1.weight: checkpoint [4, 3, 5, 5], model [4, 3, 3, 3]", e.Message);

        // Non-strict: missing/unexpected are reported, not fatal; nothing was copied by the failed load.
        state["conv1.weight"] = torch.ones(4, 3, 3, 3);
        var result = net.LoadStateDict(state, strict: false);
        Assert.Equal(new[] { "conv1.bias" }, result.MissingKeys);
        Assert.Equal(new[] { "extra.weight" }, result.UnexpectedKeys);
        Assert.All(net.conv1.weight.ToArray<float>(), v => Assert.Equal(1f, v));
    }

    [Fact]
    public void SequentialIsIndexableAndNamedPairsKeepTheirNames()
    {
        using var seq = new Sequential(("conv", new Conv2d(1, 2, 1)), ("act", new ReLU()));
        Assert.Equal(new[] { "conv.weight", "conv.bias" }, seq.StateDict().Keys);
        Assert.IsType<ReLU>(seq[-1]);
        using var list = new ModuleList(new ReLU(), new Identity());
        Assert.Equal(2, list.Count);
        Assert.Equal(new[] { "", "0", "1" }, list.NamedModules().Select(m => m.Name));
        Assert.Throws<InvalidOperationException>(() => list.Forward(torch.zeros(1)));
    }
}
