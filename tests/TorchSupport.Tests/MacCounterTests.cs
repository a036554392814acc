using Ablation.TorchSupport.nn;
using Xunit;
using static TorchSharp.torch;

namespace Ablation.TorchSupport.Tests;

/// <summary>The op-level counter against hand-computed counts, on the CPU and on meta alike.</summary>
public sealed class MacCounterTests
{
    /// <summary>conv 3->8 3x3 pad 1 on 10x10, BN, ReLU, a functional sigmoid gate, pool, linear 8->5.</summary>
    private sealed class Net : ExplicitModule
    {
        private readonly Conv2d conv;
        private readonly BatchNorm2d bn;
        private readonly Linear fc;

        public Net(Device d) : base(nameof(Net))
        {
            conv = RegisterModule("conv", new Conv2d(3, 8, 3, padding: 1, bias: false, device: d));
            bn = RegisterModule("bn", new BatchNorm2d(8, device: d));
            fc = RegisterModule("fc", new Linear(8, 5, device: d));
        }

        public override Tensor forward(Tensor x)
        {
            var y = F.relu(bn.forward(conv.forward(x)));
            y = F.mul(y, F.sigmoid(F.mean(y, new long[] { 2, 3 }, keepdim: true)));
            return fc.forward(F.adaptive_avg_pool2d(y, 1).flatten(1));
        }
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("meta")]
    public void Counts_equal_the_hand_computed_ones(string device)
    {
        var d = TorchRuntime.ParseDevice(device);
        using var scope = NewDisposeScope();
        using var net = new Net(d);
        net.eval();
        using var _ = no_grad();
        using var counter = MacCounter.Start();
        net.forward(ones(new long[] { 1, 3, 10, 10 }, device: d));
        long conv = 8 * 10 * 10 * (3 * 3 * 3), linear = 5 * 8;
        Assert.Equal(conv + linear, counter.Macs);
        Assert.Equal(new OpCost(1, conv, 0), counter.ByOp["conv2d"]);
        Assert.Equal(new OpCost(1, linear, 0), counter.ByOp["linear"]);
        Assert.Equal(new OpCost(1, 0, 800), counter.ByOp["batch_norm"]);
        Assert.Equal(new OpCost(1, 0, 800), counter.ByOp["relu"]);
        Assert.Equal(new OpCost(1, 0, 800), counter.ByOp["mean"]);
        Assert.Equal(new OpCost(1, 0, 8), counter.ByOp["sigmoid"]);
        Assert.Equal(new OpCost(1, 0, 800), counter.ByOp["mul"]);
        Assert.Equal(new OpCost(1, 0, 800), counter.ByOp["adaptive_avg_pool2d"]);
    }

    [Fact]
    public void Nothing_is_counted_without_an_active_counter_and_counters_nest()
    {
        using var scope = NewDisposeScope();
        var x = ones(new long[] { 1, 1, 4, 4 });
        var w = ones(new long[] { 1, 1, 1, 1 });
        F.conv2d(x, w);
        using var outer = MacCounter.Start();
        using (var inner = MacCounter.Start())
        {
            F.conv2d(x, w);
            Assert.Equal(16, inner.Macs);
        }
        F.conv2d(x, w);
        Assert.Equal(16, outer.Macs);
        Assert.False(outer.ByOp.ContainsKey("relu"));
    }

    [Fact]
    public void Explicit_registration_gives_only_the_registered_names()
    {
        using var net = new Net(CPU);
        var keys = net.state_dict().Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
        Assert.Equal(new[]
        {
            "bn.bias", "bn.num_batches_tracked", "bn.running_mean", "bn.running_var", "bn.weight",
            "conv.weight", "fc.bias", "fc.weight",
        }, keys);
    }
}
