using Ablation.Experiments.Attention;
using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using Xunit;

namespace Ablation.Experiments.Tests.Attention;

/// <summary>Every module maps NCHW to the same shape for any channel count and any H x W, and builds
/// and runs on the meta device (shapes only), where profiling runs it.</summary>
public sealed class AttentionShapeTests
{
    public static IEnumerable<object[]> Modules => AttentionRegistry.Names.Where(n => n != "none").Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(Modules))]
    public void Output_shape_equals_input_shape_on_meta(string name)
    {
        foreach (var shape in new[] { new long[] { 2, 24, 5, 7 }, new long[] { 3, 1, 9, 4 }, new long[] { 2, 7, 2, 13 }, new long[] { 2, 2048, 7, 7 } })
        {
            using var scope = torch.NewDisposeScope();
            using var module = AttentionRegistry.Create(new AttentionSpec(name), shape[1], META)!;
            Assert.All(module.parameters(), p => Assert.Equal(DeviceType.META, p.device_type));
            foreach (var training in new[] { true, false })
            {
                module.train(training);
                var output = module.forward(torch.empty(shape, device: META));
                Assert.Equal(shape, output.shape);
                Assert.Equal(DeviceType.META, output.device_type);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void Output_shape_equals_input_shape_on_cpu(string name)
    {
        using var scope = torch.NewDisposeScope();
        using var module = AttentionRegistry.Create(new AttentionSpec(name), 12)!;
        var input = torch.randn(2, 12, 3, 8);
        Assert.Equal(input.shape, module.forward(input).shape);
    }

    [Fact]
    public void None_builds_nothing()
    {
        Assert.Null(AttentionRegistry.Create(AttentionSpec.None, 64));
        Assert.Null(AttentionRegistry.Create(new AttentionSpec("none"), 64, META));
    }
}
