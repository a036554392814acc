using Xunit;

namespace Ablation.Torch.Tests;

/// <summary>Bad input is an exception with libtorch's message (no C++ backtrace), never a crash.</summary>
public class ErrorPathTests
{
    private static void AssertTorchError(Action op, string fragment)
    {
        var e = Assert.Throws<TorchException>(op);
        Assert.Contains(fragment, e.Message);
        Assert.DoesNotContain("frame #", e.Message);
    }

    [Fact]
    public void ShapeMismatchesAreTorchExceptions()
    {
        using var scope = torch.NewScope();
        AssertTorchError(() => F.linear(torch.randn(2, 5), torch.randn(3, 4)), "shapes cannot be multiplied");
        AssertTorchError(() => torch.matmul(torch.randn(2, 3), torch.randn(4, 5)), "shapes cannot be multiplied");
        AssertTorchError(() => _ = torch.randn(2, 3) + torch.randn(4, 5), "must match the size");
        AssertTorchError(() => torch.cat([torch.randn(2, 3), torch.randn(3, 4)], 0), "Sizes of tensors must match");
        AssertTorchError(() => F.conv1d(torch.randn(1, 2, 8), torch.randn(1, 3, 3)), "channels");
        AssertTorchError(() => torch.randn(2, 3).View(4, 2), "invalid for input of size 6");
        AssertTorchError(() => torch.randn(2, 3).Permute(0), "number of dimensions");
        AssertTorchError(() => F.max_pool2d(torch.randn(1, 1, 2, 2), 3), "Output size is too small");
        AssertTorchError(() => torch.randn(2, 3).Split([1, 1], 1), "split_with_sizes");
    }

    [Fact]
    public void WrongDTypesAreTorchExceptions()
    {
        using var scope = torch.NewScope();
        // Class targets must be int64; float targets must be probabilities of the same shape.
        AssertTorchError(() => F.nll_loss(torch.randn(3, 4), torch.zeros(3)), "Long");
        AssertTorchError(() => torch.randn(3, 4).IndexSelect(0, torch.zeros(2)), "dtype int32 or int64");
        AssertTorchError(() => F.conv2d(torch.randn(1, 1, 4, 4), torch.randn([1, 1, 3, 3], DType.Float64)), "expected scalar type");
        AssertTorchError(() => torch.where(torch.randn(3), torch.randn(3), torch.randn(3)), "bool");
        Assert.Throws<ArgumentException>(() => torch.randn(3).ToArray<long>());
    }

    [Fact]
    public void BadArgumentsOnOurSideNameTheArgument()
    {
        using var scope = torch.NewScope();
        var x = torch.randn(3, 4);
        Assert.Contains("reduction", Assert.Throws<ArgumentException>(() => F.cross_entropy(x, torch.zeros([3], DType.Int64), reduction: "avg")).Message);
        Assert.Equal("label_smoothing", Assert.Throws<ArgumentOutOfRangeException>(() => F.cross_entropy(x, torch.zeros([3], DType.Int64), label_smoothing: 1.5)).ParamName);
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => F.dropout(x, 2)).ParamName);
        Assert.Equal("chunks", Assert.Throws<ArgumentOutOfRangeException>(() => x.Chunk(0)).ParamName);
        Assert.Throws<ArgumentException>(() => x.Clamp());
        Assert.Throws<ArgumentException>(() => F.pad(x, [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => torch.cat(ReadOnlySpan<Tensor>.Empty));
    }

    [Fact]
    public void DisposedTensorsAreObjectDisposedInEveryKindOfOp()
    {
        var t = torch.ones(2, 2);
        using var scope = torch.NewScope();
        var w = torch.ones(2, 2);
        t.Dispose();
        Assert.Throws<ObjectDisposedException>(() => F.linear(t, w));
        Assert.Throws<ObjectDisposedException>(() => F.linear(w, t));
        Assert.Throws<ObjectDisposedException>(() => t.View(4));
        Assert.Throws<ObjectDisposedException>(() => torch.cat([w, t]));
        Assert.Throws<ObjectDisposedException>(() => w.Add_(t));
        Assert.Throws<ObjectDisposedException>(() => t.Shape);
        Assert.Throws<ObjectDisposedException>(() => t.Grad);
        t.Dispose(); // disposing twice is harmless
    }

    [Fact]
    public void BackwardWithoutGradAndGradOfNonLeafFollowPyTorch()
    {
        using var scope = torch.NewScope();
        var x = torch.randn(3);
        AssertTorchError(() => (x * 2).Sum().Backward(), "does not require grad");

        var leaf = torch.randn(3).RequiresGrad_();
        var middle = leaf * 2;
        Assert.False(middle.IsLeaf);
        middle.Sum().Backward();
        Assert.Null(middle.Grad);   // PyTorch keeps no .grad on non-leaf tensors unless retain_grad()
        Assert.NotNull(leaf.Grad);

        // Backward through a freed graph is an error, not a crash.
        var y = (leaf * leaf).Sum();
        y.Backward();
        AssertTorchError(() => y.Backward(), "second time");

        // Non-scalar outputs need an explicit gradient.
        AssertTorchError(() => (leaf * 3).Backward(), "scalar outputs");

        // In-place on a leaf that requires grad is refused.
        AssertTorchError(() => leaf.Add_(1), "leaf Variable that requires grad");
    }
}
