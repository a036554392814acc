using Ablation.TorchSupport.nn;
using Xunit;
using static TorchSharp.torch;

namespace Ablation.TorchSupport.Tests;

/// <summary>
/// A whole model's count equals the closed form on the CPU and on meta, including what MacCounterTests leaves out:
/// depthwise and pointwise convolutions, functional matmuls of an attention step (which hook-based counters miss),
/// an in-place ReLU, max pooling and hardswish inside a Sequential; and counting never changes the state dict.
/// </summary>
[Collection(SeededCollection.Name)]
public sealed class ModelMacCountTests
{
    private sealed class Net : ExplicitModule
    {
        private readonly TorchSharp.Modules.Sequential features;
        private readonly Linear fc;

        public Net(Device device) : base(nameof(Net))
        {
            features = RegisterModule("features", TorchSharp.torch.nn.Sequential(
                new Conv2d(3, 8, 3, padding: 1, bias: false, device: device), // 8*16*16 outputs x 3*3*3
                new BatchNorm2d(8, device: device),
                new ReLU(inplace: true),
                new MaxPool2d(2),                                            // -> 8x8x8
                new Conv2d(8, 8, 3, padding: 1, groups: 8, device: device),  // depthwise: 8*8*8 x 1*3*3
                new Conv2d(8, 16, 1, device: device),                        // 16*8*8 x 8
                new Hardswish()));
            fc = RegisterModule("fc", new Linear(16, 10, device: device));
        }

        public override Tensor forward(Tensor x)
        {
            var f = features.forward(x);                                 // [1, 16, 8, 8]
            var q = f.flatten(2);                                        // [1, 16, 64]
            var affinity = F.matmul(q, q.transpose(1, 2));               // [1, 16, 16] x 64
            var gate = F.sigmoid(F.matmul(affinity, q));                 // [1, 16, 64] x 16
            var attended = F.mul(q, gate).view(1, 16, 8, 8);
            return fc.forward(F.adaptive_avg_pool2d(attended, 1).flatten(1)); // 10 x 16
        }
    }

    private const long ConvMacs = 8 * 16 * 16 * 27 + 8 * 8 * 8 * 9 + 16 * 8 * 8 * 8;
    private const long MatmulMacs = 16 * 16 * 64 + 16 * 64 * 16;
    private const long LinearMacs = 10 * 16;

    [Theory]
    [InlineData("cpu")]
    [InlineData("meta")]
    public void Count_equals_the_closed_form(string device)
    {
        var d = TorchRuntime.ParseDevice(device);
        using var net = new Net(d);
        net.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var x = zeros(new long[] { 1, 3, 16, 16 }, device: d);
        using var mc = MacCounter.Start();
        var y = net.forward(x);
        Assert.Equal(new long[] { 1, 10 }, y.shape);
        Assert.Equal(ConvMacs + MatmulMacs + LinearMacs, mc.Macs);
        Assert.Equal(new OpCost(3, ConvMacs, 0), mc.ByOp["conv2d"]);
        Assert.Equal(new OpCost(2, MatmulMacs, 0), mc.ByOp["matmul"]);
        Assert.Equal(new OpCost(1, LinearMacs, 0), mc.ByOp["linear"]);
        // Element counts: normalisation and pooling touch their inputs, element-wise ops their outputs.
        Assert.Equal(8 * 16 * 16, mc.ByOp["batch_norm"].Elements);
        Assert.Equal(8 * 16 * 16, mc.ByOp["relu"].Elements);
        Assert.Equal(8 * 16 * 16, mc.ByOp["max_pool2d"].Elements);
        Assert.Equal(16 * 64, mc.ByOp["hardswish"].Elements);
        Assert.Equal(16 * 64, mc.ByOp["sigmoid"].Elements);
        Assert.Equal(16 * 64, mc.ByOp["mul"].Elements);
        Assert.Equal(16 * 64, mc.ByOp["adaptive_avg_pool2d"].Elements);
    }

    [Fact]
    public void Counting_leaves_the_state_dict_alone()
    {
        TorchSharp.torch.manual_seed(3);
        using var net = new Net(CPU);
        using var scope = NewDisposeScope();
        var before = net.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        net.eval();
        using (var mc = MacCounter.Start())
        using (no_grad())
            net.forward(randn(1, 3, 16, 16));
        var after = net.state_dict();
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (key, value) in before) Assert.True(value.equal(after[key]).all().item<bool>(), key);
    }
}
