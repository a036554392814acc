using Ablation.TorchSupport;
using static TorchSharp.torch;

namespace Ablation.Experiments.Detectors;

/// <summary>nn.Upsample(scale_factor = 2, mode = "nearest"): each pixel repeated 2 x 2.</summary>
public sealed class Upsample() : AttentionHost(nameof(Upsample))
{
    public override Tensor forward(Tensor x)
    {
        if (MacCounter.IsActive) MacCounter.AddElements("upsample_nearest2d", x.numel() * 4);
        return Attend(nn.functional.interpolate(x, scale_factor: new[] { 2.0, 2.0 }, mode: InterpolationMode.Nearest));
    }
}
