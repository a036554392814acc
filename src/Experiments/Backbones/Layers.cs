using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using Ablation.TorchSupport.nn;

namespace Ablation.Experiments.Backbones;

/// <summary>Small building blocks several families share, with torchvision's structure and keys.</summary>
internal static class Layers
{
    /// <summary>torchvision's `downsample`: Sequential(1x1 conv with stride, BN).</summary>
    public static TorchSharp.Modules.Sequential ProjectionShortcut(long inplanes, long outplanes, long stride, Device? device) =>
        nn.Sequential(new Conv2d(inplanes, outplanes, 1, stride, bias: false, device: device), new BatchNorm2d(outplanes, device: device));

    /// <summary>torchvision's Conv2dNormActivation with ReLU6: Sequential(conv (no bias), BN, ReLU6).</summary>
    public static TorchSharp.Modules.Sequential ConvBnRelu6(long inChannels, long outChannels, long kernelSize, long stride, long groups,
        Device? device) =>
        nn.Sequential(new Conv2d(inChannels, outChannels, kernelSize, stride, (kernelSize - 1) / 2, groups: groups, bias: false, device: device),
            new BatchNorm2d(outChannels, device: device),
            new ReLU6());
}
