using Xunit;

namespace Ablation.Torch.Tests;

/// <summary>torch.no_grad(), enable_grad() and inference_mode() scopes, per thread and nested.</summary>
public class GradModeTests
{
    [Fact]
    public void NoGradStopsRecordingAndRestoresOnDispose()
    {
        using var scope = torch.NewScope();
        var w = torch.randn(3).RequiresGrad_();
        Assert.True(torch.is_grad_enabled());
        using (torch.no_grad())
        {
            Assert.False(torch.is_grad_enabled());
            var y = w * 2;
            Assert.False(y.RequiresGrad);
            using (torch.enable_grad())
            {
                Assert.True((w * 2).RequiresGrad);
            }
            Assert.False(torch.is_grad_enabled());
            // The optimizer's pattern: in-place update of a leaf that requires grad is allowed here.
            w.Add_(torch.ones(3), alpha: -0.1);
        }
        Assert.True(torch.is_grad_enabled());
        Assert.True((w * 2).RequiresGrad);
    }

    [Fact]
    public void NoGradIsPerThread()
    {
        using (torch.no_grad())
        {
            bool other = true;
            var thread = new Thread(() => other = torch.is_grad_enabled());
            thread.Start();
            thread.Join();
            Assert.True(other);
            Assert.False(torch.is_grad_enabled());
        }
    }

    [Fact]
    public void InferenceModeTensorsCannotEnterAutogradLater()
    {
        using var scope = torch.NewScope();
        var w = torch.randn(3).RequiresGrad_();
        Tensor made;
        using (torch.inference_mode())
        {
            Assert.False(torch.is_grad_enabled());
            made = w * 2;
            Assert.False(made.RequiresGrad);
        }
        Assert.True(torch.is_grad_enabled());
        Assert.Equal((w * 2).Detach().ToArray<float>(), made.ToArray<float>());
        var e = Assert.Throws<TorchException>(() => (made * w).Sum().Backward());
        Assert.Contains("Inference tensors", e.Message);
    }

    [Fact]
    public void GradientsAccumulateUntilZeroed()
    {
        using var scope = torch.NewScope();
        var w = torch.tensor(new float[] { 1, 2 }, requires_grad: true);
        (w * 3).Sum().Backward();
        (w * 3).Sum().Backward();
        Assert.Equal(new float[] { 6, 6 }, w.Grad!.ToArray<float>());
        w.Grad!.Zero_();
        Assert.Equal(new float[] { 0, 0 }, w.Grad!.ToArray<float>());
        w.Grad = null;
        Assert.Null(w.Grad);
    }
}
