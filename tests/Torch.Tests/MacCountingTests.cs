using Ablation.Torch;
using Xunit;

namespace Ablation.Torch.Tests;

/// <summary>Every op reports its cost while a MacCounter is active, and nothing when none is.</summary>
public class MacCountingTests
{
    [Fact]
    public void ConvLinearMatmulCountMultiplyAccumulates()
    {
        using var scope = torch.NewScope();
        var x = torch.randn(2, 3, 8, 8);
        var w = torch.randn(4, 3, 3, 3);
        using var mc = MacCounter.Start();
        var y = F.conv2d(x, w, padding: 1);                            // 2*4*8*8 outputs, 27 MACs each
        var h = F.linear(y.Flatten(1), torch.randn(10, 256));          // 2*10 outputs, 256 MACs each
        var m = torch.matmul(torch.randn(5, 7), torch.randn(7, 3));    // 15 outputs, 7 MACs each
        var c1 = F.conv1d(torch.randn(1, 1, 16), torch.randn(1, 1, 3), padding: 1); // 16 outputs, 3 MACs
        Assert.Equal(2 * 4 * 8 * 8 * 27 + 2 * 10 * 256 + 15 * 7 + 16 * 3, mc.Macs);
        Assert.Equal(2 * 10 * 256, mc.ByOp["linear"].Macs);
        Assert.Equal(1, mc.ByOp["conv1d"].Calls);
    }

    [Fact]
    public void ElementOpsCountElementsNotMacs()
    {
        using var scope = torch.NewScope();
        var x = torch.randn(2, 4, 6, 6);
        using var mc = MacCounter.Start();
        F.sigmoid(x);
        F.adaptive_avg_pool2d(x, 1);
        x.Mean([2, 3], keepdim: true);
        Assert.Equal(0, mc.Macs);
        Assert.Equal(288, mc.ByOp["sigmoid"].Elements);
        Assert.Equal(288, mc.ByOp["adaptive_avg_pool2d"].Elements);
        Assert.Equal(288, mc.ByOp["mean"].Elements);
    }

    [Fact]
    public void NothingIsCountedOutsideACounter()
    {
        using var scope = torch.NewScope();
        var x = torch.randn(1, 3, 4, 4);
        F.conv2d(x, torch.randn(2, 3, 1, 1));
        using var mc = MacCounter.Start();
        Assert.Equal(0, mc.Macs);
        Assert.Empty(mc.ByOp);
    }
}
