using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using Ablation.TorchSupport.nn;

namespace Ablation.Experiments.Backbones;

/// <summary>
/// MobileNetV2's inverted residual (Sandler et al., "MobileNetV2: Inverted Residuals and Linear
/// Bottlenecks", CVPR 2018), torchvision's layout: `conv` = [1x1 expansion (t != 1)], 3x3 depthwise,
/// each conv-BN-ReLU6, then a linear 1x1 projection + BN; y = x + conv(x) when stride 1 and the channels
/// match. `block` attention sits after the depthwise conv's ReLU6 of expanding blocks, as in
/// houqb/CoordAttention's mbv2_ca.py (Hou et al., CVPR 2021); `post` on the block's output.
/// </summary>
public sealed class InvertedResidual : ResidualBlock
{
    private readonly TorchSharp.Modules.Sequential conv;
    private readonly bool useResConnect;

    public override long OutChannels { get; }

    /// <summary>Channels after the depthwise conv (where `block` attention applies).</summary>
    public long HiddenChannels { get; }

    /// <summary>True when the block expands (t != 1): only these take `block` attention.</summary>
    public bool Expands { get; }

    public InvertedResidual(long inp, long oup, long stride, long expandRatio, Device? device) : base(nameof(InvertedResidual))
    {
        var hidden = inp * expandRatio;
        Expands = expandRatio != 1;
        conv = nn.Sequential();
        if (Expands) conv.append(Layers.ConvBnRelu6(inp, hidden, 1, 1, 1, device));
        conv.append(Layers.ConvBnRelu6(hidden, hidden, 3, stride, hidden, device));
        conv.append(new Conv2d(hidden, oup, 1, bias: false, device: device));
        conv.append(new BatchNorm2d(oup, device: device));
        RegisterModule("conv", conv);
        useResConnect = stride == 1 && inp == oup;
        HiddenChannels = hidden;
        OutChannels = oup;
    }

    public override Tensor forward(Tensor x)
    {
        var y = x;
        var depthwise = Expands ? 1 : 0;
        for (var i = 0; i < conv.Count; i++)
        {
            y = conv[i].call(y);
            if (i == depthwise && Expands) y = Attend(y, Placement.Block);
        }
        if (useResConnect) y = F.add(x, y);
        return Attend(y, Placement.Post);
    }
}
