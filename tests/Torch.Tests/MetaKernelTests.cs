using Ablation.Torch.nn;
using Xunit;

namespace Ablation.Torch.Tests;

/// <summary>
/// The meta kernels of native/src/meta_kernels.cpp give the shapes the CPU kernels give, and a whole CNN
/// runs forward (and backward) on meta.
/// </summary>
public class MetaKernelTests
{
    private static void SameShapeOnMeta(Func<Device, Tensor> op)
    {
        using var scope = torch.NewScope();
        var cpu = op(Device.CPU);
        var meta = op(Device.Meta);
        Assert.Equal(Device.Meta, meta.Device);
        Assert.Equal(cpu.Shape, meta.Shape);
        Assert.Equal(cpu.DType, meta.DType);
    }

    public static TheoryData<string> Ops => new()
    {
        "conv2d", "conv2d_strided_dilated", "conv2d_depthwise", "conv2d_asymmetric", "conv1d", "batch_norm_train",
        "batch_norm_eval", "relu", "relu6", "hardswish", "adaptive_avg_pool2d_3", "adaptive_avg_pool2d_h1",
        "adaptive_avg_pool2d_1", "adaptive_max_pool2d_2", "max_pool2d", "avg_pool2d", "abs", "where", "layer_norm",
        "group_norm", "linear",
    };

    [Theory]
    [MemberData(nameof(Ops))]
    public void OpHasTheCpuShapeOnMeta(string name)
    {
        SameShapeOnMeta(d =>
        {
            var x = torch.randn(new long[] { 2, 8, 13, 11 }, device: d);
            Tensor W(params long[] s) => torch.randn(s, device: d);
            return name switch
            {
                "conv2d" => F.conv2d(x, W(4, 8, 3, 3), W(4), padding: 1),
                "conv2d_strided_dilated" => F.conv2d(x, W(4, 8, 3, 3), null, (2, 3), (1, 2), (2, 1)),
                "conv2d_depthwise" => F.conv2d(x, W(8, 1, 3, 3), null, stride: 2, padding: 1, groups: 8),
                "conv2d_asymmetric" => F.conv2d(x, W(4, 8, 1, 7), null, (1, 1), (0, 3), (1, 1)),
                "conv1d" => F.conv1d(torch.randn(new long[] { 2, 1, 9 }, device: d), W(1, 1, 3), padding: 1),
                "batch_norm_train" => F.batch_norm(x, torch.zeros(new long[] { 8 }, device: d), torch.ones(new long[] { 8 }, device: d), W(8), W(8), training: true),
                "batch_norm_eval" => F.batch_norm(x, torch.zeros(new long[] { 8 }, device: d), torch.ones(new long[] { 8 }, device: d), W(8), W(8), training: false),
                "relu" => F.relu(x),
                "relu6" => F.relu6(x),
                "hardswish" => F.hardswish(x),
                "adaptive_avg_pool2d_3" => F.adaptive_avg_pool2d(x, 3),
                "adaptive_avg_pool2d_h1" => F.adaptive_avg_pool2d(x, (13, 1)),
                "adaptive_avg_pool2d_1" => F.adaptive_avg_pool2d(x, 1),
                "adaptive_max_pool2d_2" => F.adaptive_max_pool2d(x, 2),
                "max_pool2d" => F.max_pool2d(x, 3, 2, 1),
                "avg_pool2d" => F.avg_pool2d(x, 2),
                "abs" => x.Abs(),
                "where" => torch.where(x > 0, x, W(1, 8, 1, 1)),
                "layer_norm" => F.layer_norm(x, new long[] { 11 }),
                "group_norm" => F.group_norm(x, 4),
                "linear" => F.linear(torch.randn(new long[] { 3, 16 }, device: d), W(5, 16), W(5)),
                _ => throw new ArgumentException(name),
            };
        });
    }

    [Fact]
    public void ChannelMismatchIsAnErrorOnMetaToo()
    {
        using var scope = torch.NewScope();
        var x = torch.zeros(new long[] { 1, 3, 8, 8 }, device: Device.Meta);
        var e = Assert.Throws<TorchException>(() => F.conv2d(x, torch.zeros(new long[] { 4, 5, 3, 3 }, device: Device.Meta)));
        Assert.Contains("channels", e.Message);
    }

    [Fact]
    public void CnnRunsForwardAndBackwardOnMeta()
    {
        using var net = new Sequential(
            new Conv2d(3, 16, 3, stride: 2, padding: 1, bias: false, device: Device.Meta), new BatchNorm2d(16, device: Device.Meta),
            new ReLU(inplace: true), new MaxPool2d(3, 2, 1), new Conv2d(16, 32, 3, padding: 1, device: Device.Meta),
            new Hardswish(), new ReLU6(), new AdaptiveAvgPool2d(1), new Flatten(), new Linear(32, 10, device: Device.Meta));
        using var scope = torch.NewScope();
        var y = net.Forward(torch.zeros(new long[] { 2, 3, 64, 64 }, device: Device.Meta));
        Assert.Equal(new long[] { 2, 10 }, y.Shape);
        y.Sum().Backward();
        Assert.All(net.Parameters(), p => Assert.Equal(p.Shape, p.Grad!.Shape));
    }
}
