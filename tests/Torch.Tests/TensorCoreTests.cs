using Ablation.Torch;
using Xunit;

namespace Ablation.Torch.Tests;

public class TensorCoreTests
{
    [Fact]
    public void RoundTripsDataAndShape()
    {
        using var scope = torch.NewScope();
        var t = torch.tensor(new float[] { 1, 2, 3, 4, 5, 6 }, new long[] { 2, 3 });
        Assert.Equal(new long[] { 2, 3 }, t.Shape);
        Assert.Equal(DType.Float32, t.DType);
        Assert.Equal(new float[] { 2, 4, 6, 8, 10, 12 }, (t * 2).ToArray<float>());
    }

    [Fact]
    public void ConvShapeMismatchIsATorchExceptionNotACrash()
    {
        using var scope = torch.NewScope();
        var x = torch.randn(1, 3, 8, 8);
        var w = torch.randn(4, 5, 3, 3);
        var e = Assert.Throws<TorchException>(() => F.conv2d(x, w));
        Assert.Contains("channels", e.Message);
        Assert.DoesNotContain("frame #", e.Message);
    }

    [Fact]
    public void DisposedTensorUseIsObjectDisposed()
    {
        var t = torch.ones(2);
        t.Dispose();
        Assert.Throws<ObjectDisposedException>(() => t.Sum());
    }

    [Fact]
    public void ScopeDisposesWhatItOwnsExceptMovedOut()
    {
        Tensor kept, dropped;
        using (var outer = torch.NewScope())
        {
            using (var inner = torch.NewScope())
            {
                dropped = torch.ones(3);
                kept = inner.MoveToOuter(torch.zeros(3));
            }
            Assert.True(dropped.IsDisposed);
            Assert.False(kept.IsDisposed);
        }
        Assert.True(kept.IsDisposed);
    }

    [Fact]
    public void BackwardFillsLeafGradient()
    {
        using var scope = torch.NewScope();
        var x = torch.tensor(new float[] { 1, 2, 3 }, requires_grad: true);
        (x * x).Sum().Backward();
        Assert.Equal(new float[] { 2, 4, 6 }, x.Grad!.ToArray<float>());
    }
}
