using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using Ablation.TorchSupport.nn;

namespace Ablation.Experiments.Backbones;

/// <summary>
/// The pre-activation basic block of He et al., "Identity Mappings in Deep Residual Networks", ECCV 2016,
/// and of Zagoruyko and Komodakis, "Wide Residual Networks", BMVC 2016:
/// o = relu(bn1(x)); y = conv2(relu(bn2(conv1(o)))) + shortcut, where the shortcut is x, or a 1x1
/// conv of the pre-activated o when the shape changes (as both official codes, Kaiming's
/// resnet-1k-layers and szagoruyko/wide-residual-networks, do). No activation follows the addition.
/// </summary>
public sealed class PreActBlock : ResidualBlock
{
    private readonly BatchNorm2d bn1, bn2;
    private readonly Conv2d conv1, conv2;
    private readonly Module<Tensor, Tensor>? downsample;

    public override long OutChannels { get; }

    public PreActBlock(long inplanes, long planes, long stride, Device? device) : base(nameof(PreActBlock))
    {
        bn1 = RegisterModule("bn1", new BatchNorm2d(inplanes, device: device));
        conv1 = RegisterModule("conv1", new Conv2d(inplanes, planes, 3, stride, 1, bias: false, device: device));
        bn2 = RegisterModule("bn2", new BatchNorm2d(planes, device: device));
        conv2 = RegisterModule("conv2", new Conv2d(planes, planes, 3, 1, 1, bias: false, device: device));
        if (stride != 1 || inplanes != planes)
            downsample = RegisterModule("downsample",
                nn.Sequential(new Conv2d(inplanes, planes, 1, stride, bias: false, device: device)));
        OutChannels = planes;
    }

    public override Tensor forward(Tensor x)
    {
        var o = F.relu(bn1.forward(x));
        var y = conv2.forward(F.relu(bn2.forward(conv1.forward(o))));
        y = Attend(y, Placement.Block);
        var identity = downsample?.forward(o) ?? x;
        return Attend(F.add(y, identity), Placement.Post);
    }
}
