using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using Ablation.TorchSupport.nn;

namespace Ablation.Experiments.Backbones;

/// <summary>
/// Two 3x3 convolutions with BN, torchvision's BasicBlock (He et al., "Deep Residual Learning for Image
/// Recognition", CVPR 2016): y = relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)), the shortcut a
/// 1x1 conv + BN (`downsample`) when the shape changes.
/// </summary>
public sealed class BasicBlock : ResidualBlock
{
    private readonly Conv2d conv1, conv2;
    private readonly BatchNorm2d bn1, bn2;
    private readonly Module<Tensor, Tensor>? downsample;

    public override long OutChannels { get; }

    public BasicBlock(long inplanes, long planes, long stride, Device? device) : base(nameof(BasicBlock))
    {
        conv1 = RegisterModule("conv1", new Conv2d(inplanes, planes, 3, stride, 1, bias: false, device: device));
        bn1 = RegisterModule("bn1", new BatchNorm2d(planes, device: device));
        conv2 = RegisterModule("conv2", new Conv2d(planes, planes, 3, 1, 1, bias: false, device: device));
        bn2 = RegisterModule("bn2", new BatchNorm2d(planes, device: device));
        if (stride != 1 || inplanes != planes)
            downsample = RegisterModule("downsample", Layers.ProjectionShortcut(inplanes, planes, stride, device));
        OutChannels = planes;
    }

    public override Tensor forward(Tensor x)
    {
        var y = F.relu(bn1.forward(conv1.forward(x)));
        y = Attend(bn2.forward(conv2.forward(y)), Placement.Block);
        var identity = downsample?.forward(x) ?? x;
        return Attend(F.relu(F.add(y, identity)), Placement.Post);
    }
}
