using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Ablation.TorchSupport.Tests;

/// <summary>
/// The shapes the project supplies on the meta device, where libtorch 2.10's C++ build has no kernel, equal the
/// shapes the real CPU kernels produce for the same arguments.
/// </summary>
public sealed class MetaShapeTests
{
    public static TheoryData<string> Ops() => new()
    {
        "conv2d", "conv2d_strided_dilated_grouped", "conv2d_rect", "conv1d", "batch_norm", "layer_norm", "group_norm",
        "relu", "relu6", "hardtanh", "hardswish", "abs", "adaptive_avg_pool2d_3", "adaptive_avg_pool2d_rect", "adaptive_avg_pool2d_1",
    };

    private static Tensor Run(string op, Device d)
    {
        var x = ones(new long[] { 2, 8, 17, 13 }, device: d);
        return op switch
        {
            "conv2d" => F.conv2d(x, ones(new long[] { 4, 8, 3, 3 }, device: d), padding: 1),
            "conv2d_strided_dilated_grouped" => F.conv2d(x, ones(new long[] { 6, 4, 3, 3 }, device: d), null, (2, 3), (1, 2), (2, 1), groups: 2),
            "conv2d_rect" => F.conv2d(x, ones(new long[] { 5, 8, 1, 7 }, device: d), null, (1, 1), (0, 3), (1, 1)),
            "conv1d" => F.conv1d(ones(new long[] { 2, 1, 64 }, device: d), ones(new long[] { 1, 1, 5 }, device: d), padding: 2),
            "batch_norm" => F.batch_norm(x, zeros(8, device: d), ones(8, device: d), training: false),
            "layer_norm" => F.layer_norm(x, new long[] { 13 }),
            "group_norm" => F.group_norm(x, 4),
            "relu" => F.relu(x),
            "relu6" => F.relu6(x),
            "hardtanh" => F.hardtanh(x),
            "hardswish" => F.hardswish(x),
            "abs" => F.abs(x),
            "adaptive_avg_pool2d_3" => F.adaptive_avg_pool2d(x, 3),
            "adaptive_avg_pool2d_rect" => F.adaptive_avg_pool2d(x, (17, 1)),
            _ => F.adaptive_avg_pool2d(x, 1),
        };
    }

    [Theory]
    [MemberData(nameof(Ops))]
    public void Meta_shape_equals_the_cpu_shape(string op)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var cpu = Run(op, CPU);
        var meta = Run(op, META);
        Assert.Equal(DeviceType.META, meta.device_type);
        Assert.Equal(cpu.shape, meta.shape);
        Assert.Equal(cpu.dtype, meta.dtype);
    }

    [Fact]
    public void Without_the_projects_shapes_libtorch_fails_on_meta()
    {
        // The reason MetaShapes exists: if libtorch ever gains these kernels, this test says the layer can shrink.
        using var scope = NewDisposeScope();
        var x = empty(new long[] { 1, 2, 4, 4 }, device: META);
        Assert.ThrowsAny<Exception>(() => torch.nn.functional.conv2d(x, empty(new long[] { 1, 2, 1, 1 }, device: META)));
        Assert.ThrowsAny<Exception>(() => torch.nn.functional.relu(x));
    }
}
