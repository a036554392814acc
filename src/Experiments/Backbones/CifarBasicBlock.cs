using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using Ablation.TorchSupport.nn;

namespace Ablation.Experiments.Backbones;

/// <summary>
/// The basic block of the CIFAR ResNets of He et al., "Deep Residual Learning for Image Recognition",
/// CVPR 2016, section 4.2, with the option A shortcut the paper uses there: identity, subsampled by the
/// stride, with the extra channels zero (appended after the input's, as Facebook's fb.resnet.torch
/// shortcutType A does), so the shortcut has no parameters.
/// </summary>
public sealed class CifarBasicBlock : ResidualBlock
{
    private readonly Conv2d conv1, conv2;
    private readonly BatchNorm2d bn1, bn2;
    private readonly long stride, extraChannels;

    public override long OutChannels { get; }

    public CifarBasicBlock(long inplanes, long planes, long stride, Device? device) : base(nameof(CifarBasicBlock))
    {
        conv1 = RegisterModule("conv1", new Conv2d(inplanes, planes, 3, stride, 1, bias: false, device: device));
        bn1 = RegisterModule("bn1", new BatchNorm2d(planes, device: device));
        conv2 = RegisterModule("conv2", new Conv2d(planes, planes, 3, 1, 1, bias: false, device: device));
        bn2 = RegisterModule("bn2", new BatchNorm2d(planes, device: device));
        this.stride = stride;
        extraChannels = planes - inplanes;
        if (extraChannels < 0) throw new ArgumentException($"CifarBasicBlock: option A cannot reduce channels ({inplanes} -> {planes})");
        OutChannels = planes;
    }

    public override Tensor forward(Tensor x)
    {
        var y = F.relu(bn1.forward(conv1.forward(x)));
        y = Attend(bn2.forward(conv2.forward(y)), Placement.Block);
        return Attend(F.relu(F.add(y, Shortcut(x))), Placement.Post);
    }

    /// <summary>x[:, :, ::s, ::s] (a 1x1 average pool with stride s), then zero channels appended.</summary>
    private Tensor Shortcut(Tensor x)
    {
        var s = stride == 1 ? x : F.avg_pool2d(x, 1, stride);
        return extraChannels == 0 ? s : F.pad(s, new long[] { 0, 0, 0, 0, 0, extraChannels });
    }
}
