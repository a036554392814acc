using Ablation.Torch;
using Xunit;

namespace Ablation.Torch.Tests;

/// <summary>Shapes of the view, join and split ops (values are covered by the golden tests).</summary>
public class ShapeOpsTests
{
    [Fact]
    public void ViewsAndReshapesGiveTheShapesPyTorchGives()
    {
        using var scope = torch.NewScope();
        var x = torch.arange(24, DType.Float32).View(2, 3, 4);
        Assert.Equal(new long[] { 6, 4 }, x.View(-1, 4).Shape);
        Assert.Equal(new long[] { 4, 2, 3 }, x.Permute(2, 0, 1).Shape);
        Assert.Equal(new long[] { 2, 4, 3 }, x.Transpose(1, 2).Shape);
        Assert.Equal(new long[] { 2, 12 }, x.Flatten(1).Shape);
        Assert.Equal(new long[] { 2, 1, 3, 4 }, x.Unsqueeze(1).Shape);
        Assert.Equal(new long[] { 2, 3, 4 }, x.Unsqueeze(1).Squeeze(1).Shape);
        Assert.Equal(new long[] { 2, 3, 4 }, x.Unsqueeze(1).Squeeze().Shape);
        Assert.Equal(new long[] { 2, 3, 4 }, x.Select(2, 0).Unsqueeze(-1).Expand(-1, -1, 4).Shape);
        Assert.False(x.Transpose(1, 2).IsContiguous);
        Assert.True(x.Transpose(1, 2).Contiguous().IsContiguous);
        Assert.Equal(new float[] { 0, 12 }, x.Select(1, 0).Select(1, 0).ToArray<float>());
    }

    [Fact]
    public void SplitChunkCatStackRoundTrip()
    {
        using var scope = torch.NewScope();
        var x = torch.arange(10, DType.Float32).View(2, 5);
        var parts = x.Split(2, dim: 1);
        Assert.Equal(3, parts.Length);
        Assert.Equal(new long[] { 2, 1 }, parts[2].Shape);
        var sized = x.Split(new long[] { 1, 4 }, dim: 1);
        Assert.Equal(new long[] { 2, 4 }, sized[1].Shape);
        var chunks = x.Chunk(2, dim: 1);
        Assert.Equal(new long[] { 2, 3 }, chunks[0].Shape);
        Assert.True(torch.cat(parts, 1).Equal(x));
        Assert.Equal(new long[] { 3, 2, 5 }, torch.stack([x, x, x]).Shape);
    }

    [Fact]
    public void ViewOfNonContiguousIsATorchException()
    {
        using var scope = torch.NewScope();
        var x = torch.randn(3, 4).Transpose(0, 1);
        var e = Assert.Throws<TorchException>(() => x.View(12));
        Assert.Contains("view", e.Message);
        Assert.Equal(new long[] { 12 }, x.Reshape(12).Shape);
    }
}
