using Ablation.Torch.nn;
using Xunit;

namespace Ablation.Torch.Tests;

/// <summary>
/// The MacCounter's count for a whole model written here equals the closed-form count, on CPU and on meta
/// (where it costs no memory), and counting never changes the model's state dict.
/// </summary>
[Collection(SeededCollection.Name)]
public class ModelMacCountTests
{
    /// <summary>A CNN with a functional attention step (matmul, sigmoid, mul) that hook-based counters miss.</summary>
    private sealed class Net : Module
    {
        private readonly Sequential features;
        private readonly Linear fc;

        public Net(Device device)
        {
            features = RegisterModule("features", new Sequential(
                new Conv2d(3, 8, 3, padding: 1, bias: false, device: device), // 8*16*16 outputs x 3*3*3
                new BatchNorm2d(8, device: device),
                new ReLU(inplace: true),
                new MaxPool2d(2),                                            // -> 8x8x8
                new Conv2d(8, 8, 3, padding: 1, groups: 8, device: device),  // depthwise: 8*8*8 x 1*3*3
                new Conv2d(8, 16, 1, device: device),                        // 16*8*8 x 8
                new Hardswish()));
            fc = RegisterModule("fc", new Linear(16, 10, device: device));
        }

        public override Tensor Forward(Tensor x)
        {
            var f = features.Forward(x);                                    // [1, 16, 8, 8]
            var q = f.Flatten(2);                                           // [1, 16, 64]
            var affinity = torch.matmul(q, q.Transpose(1, 2));              // [1, 16, 16] x 64
            var gate = F.sigmoid(torch.matmul(affinity, q));                // [1, 16, 64] x 16
            var attended = (q * gate).View(1, 16, 8, 8);
            return fc.Forward(F.adaptive_avg_pool2d(attended, 1).Flatten(1)); // 10 x 16
        }
    }

    private const long ConvMacs = 8 * 16 * 16 * 27 + 8 * 8 * 8 * 9 + 16 * 8 * 8 * 8;
    private const long MatmulMacs = 16 * 16 * 64 + 16 * 64 * 16;
    private const long LinearMacs = 10 * 16;

    [Theory]
    [InlineData("cpu")]
    [InlineData("meta")]
    public void CountEqualsTheClosedForm(string device)
    {
        var d = Device.Parse(device);
        using var net = new Net(d);
        net.Eval();
        using var scope = torch.NewScope();
        var x = torch.zeros(new long[] { 1, 3, 16, 16 }, device: d);
        using var mc = MacCounter.Start();
        var y = net.Forward(x);
        Assert.Equal(new long[] { 1, 10 }, y.Shape);
        Assert.Equal(ConvMacs + MatmulMacs + LinearMacs, mc.Macs);
        Assert.Equal(ConvMacs, mc.ByOp["conv2d"].Macs);
        Assert.Equal(3, mc.ByOp["conv2d"].Calls);
        Assert.Equal(MatmulMacs, mc.ByOp["matmul"].Macs);
        Assert.Equal(LinearMacs, mc.ByOp["linear"].Macs);
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
    public void CountingLeavesTheStateDictAlone()
    {
        torch.manual_seed(3);
        using var net = new Net(Device.CPU);
        using var scope = torch.NewScope();
        var before = net.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
        using (var mc = MacCounter.Start())
        using (torch.no_grad())
        {
            net.Eval();
            net.Forward(torch.randn(1, 3, 16, 16));
        }
        var after = net.StateDict();
        Assert.Equal(before.Keys, after.Keys);
        foreach (var (key, value) in before) Assert.True(value.Equal(after[key]), key);
    }
}
