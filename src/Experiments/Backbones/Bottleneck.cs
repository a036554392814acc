using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using Ablation.TorchSupport.nn;

namespace Ablation.Experiments.Backbones;

/// <summary>
/// 1x1 reduce, 3x3 (grouped for ResNeXt), 1x1 expand by 4, each with BN, torchvision's Bottleneck:
/// y = relu(bn3(conv3(relu(bn2(conv2(relu(bn1(conv1(x)))))))) + shortcut(x), with
/// width = floor(planes * base_width / 64) * groups (Xie et al., "Aggregated Residual Transformations",
/// CVPR 2017, for groups > 1). torchvision ("v1.5") strides the 3x3 conv; the original layout of He et al.
/// 2016 (`-v1` backbones, the one the CBAM, BAM and ECA papers measure) strides the first 1x1 conv.
/// </summary>
public sealed class Bottleneck : ResidualBlock
{
    public const long Expansion = 4;

    private readonly Conv2d conv1, conv2, conv3;
    private readonly BatchNorm2d bn1, bn2, bn3;
    private readonly Module<Tensor, Tensor>? downsample;

    public override long OutChannels { get; }

    public Bottleneck(long inplanes, long planes, long stride, long groups, long baseWidth, bool strideOnFirstConv,
        Device? device) : base(nameof(Bottleneck))
    {
        var width = (long)(planes * (baseWidth / 64.0)) * groups;
        var out_ = planes * Expansion;
        conv1 = RegisterModule("conv1", new Conv2d(inplanes, width, 1, strideOnFirstConv ? stride : 1, bias: false, device: device));
        bn1 = RegisterModule("bn1", new BatchNorm2d(width, device: device));
        conv2 = RegisterModule("conv2", new Conv2d(width, width, 3, strideOnFirstConv ? 1 : stride, 1, groups: groups,
            bias: false, device: device));
        bn2 = RegisterModule("bn2", new BatchNorm2d(width, device: device));
        conv3 = RegisterModule("conv3", new Conv2d(width, out_, 1, bias: false, device: device));
        bn3 = RegisterModule("bn3", new BatchNorm2d(out_, device: device));
        if (stride != 1 || inplanes != out_)
            downsample = RegisterModule("downsample", Layers.ProjectionShortcut(inplanes, out_, stride, device));
        OutChannels = out_;
    }

    public override Tensor forward(Tensor x)
    {
        var y = F.relu(bn1.forward(conv1.forward(x)));
        y = F.relu(bn2.forward(conv2.forward(y)));
        y = Attend(bn3.forward(conv3.forward(y)), Placement.Block);
        var identity = downsample?.forward(x) ?? x;
        return Attend(F.relu(F.add(y, identity)), Placement.Post);
    }
}
