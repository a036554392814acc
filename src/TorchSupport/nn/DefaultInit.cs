using static TorchSharp.torch;

namespace Ablation.TorchSupport.nn;

/// <summary>
/// PyTorch's reset_parameters for convolution and linear layers: weight ~ kaiming_uniform(a = sqrt(5)),
/// which is U(-1/sqrt(fan_in), 1/sqrt(fan_in)), and bias ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)); weight first,
/// then bias, the order that keeps a seeded model identical to PyTorch's.
/// </summary>
internal static class DefaultInit
{
    public static void WeightAndBias(Tensor weight, Tensor? bias)
    {
        using var _ = no_grad();
        TorchSharp.torch.nn.init.kaiming_uniform_(weight, a: Math.Sqrt(5));
        if (bias is null) return;
        var (fanIn, _) = TorchSharp.torch.nn.init.CalculateFanInAndFanOut(weight);
        if (fanIn == 0) return;
        double bound = 1 / Math.Sqrt(fanIn);
        TorchSharp.torch.nn.init.uniform_(bias, -bound, bound);
    }
}
