using Xunit;

namespace Ablation.Torch.Tests;

[Collection(SeededCollection.Name)]
public class CreationTests
{
    [Fact]
    public void EveryFactoryHonoursRequiresGrad()
    {
        using var scope = torch.NewScope();
        Assert.True(torch.zeros([2], requires_grad: true).RequiresGrad);
        Assert.True(torch.ones([2], requires_grad: true).RequiresGrad);
        Assert.True(torch.empty([2], requires_grad: true).RequiresGrad);
        Assert.True(torch.rand([2], requires_grad: true).RequiresGrad);
        Assert.True(torch.randn([2], requires_grad: true).RequiresGrad);
        Assert.True(torch.full([2], 3.0, requires_grad: true).RequiresGrad);
        Assert.True(torch.arange(0, 3, 1, DType.Float32, requires_grad: true).RequiresGrad);
        Assert.False(torch.ones(2).RequiresGrad);
        var w = torch.ones([2], requires_grad: true);
        (w * 3).Sum().Backward();
        Assert.Equal(new float[] { 3, 3 }, w.Grad!.ToArray<float>());
    }

    [Fact]
    public void RandpermAndLikeFactories()
    {
        using var scope = torch.NewScope();
        torch.manual_seed(1);
        var p = torch.randperm(10).ToArray<long>();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), p.Order());
        var x = torch.randn([2, 3], DType.Float64);
        var z = torch.zeros_like(x);
        Assert.Equal(new long[] { 2, 3 }, z.Shape);
        Assert.Equal(DType.Float64, z.DType);
        Assert.Equal(7.0, torch.full_like(x, 7).Max().Item<double>());
        Assert.Equal(6.0, torch.ones_like(x).Sum().Item<double>());
    }

    [Fact]
    public void FromBytesChecksTheByteCount()
    {
        using var scope = torch.NewScope();
        var bytes = BitConverter.GetBytes(1.5f).Concat(BitConverter.GetBytes(-2f)).ToArray();
        Assert.Equal(new float[] { 1.5f, -2f }, torch.from_bytes(bytes, [2], DType.Float32).ToArray<float>());
        Assert.Throws<ArgumentException>(() => torch.from_bytes(bytes, [3], DType.Float32));
    }
}
