using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using Ablation.TorchSupport.nn;

namespace Ablation.Experiments.Attention;

/// <summary>Options of <see cref="CoordAttention"/>; the defaults are the paper's and its code's.</summary>
public sealed record CaOptions
{
    /// <summary>r: the shared 1x1 conv has mip = max(min_channels, C / r) outputs (paper: 32).</summary>
    public long Reduction { get; init; } = 32;
    /// <summary>Lower bound of mip (official code: 8).</summary>
    public long MinChannels { get; init; } = 8;
    /// <summary>Non-linearity after the shared conv and BN (official: h_swish).</summary>
    public string Act { get; init; } = "hswish";
    public string Gate { get; init; } = "sigmoid";

    internal static OptionSet<CaOptions> Declarations { get; } = new OptionSet<CaOptions>()
        .Int("reduction", "reduction ratio r (mip = max(min_channels, C / r))", o => o.Reduction, (o, v) => o with { Reduction = v })
        .Int("min_channels", "lower bound of the intermediate channels mip", o => o.MinChannels, (o, v) => o with { MinChannels = v })
        .Choice("act", "non-linearity after the shared 1x1 conv and BN", Activation.Names, o => o.Act, (o, v) => o with { Act = v })
        .Choice("gate", "function turning logits into the two directional weights", Attention.Gate.Names, o => o.Gate, (o, v) => o with { Gate = v });
}

/// <summary>
/// Coordinate attention: Hou, Zhou, Feng, "Coordinate Attention for Efficient Mobile Network Design",
/// CVPR 2021 (arXiv:2103.02907). z^h = mean over W (C x H x 1), z^w = mean over H (C x 1 x W);
/// f = h_swish(BN(conv1x1([z^h; z^w]))) with mip = max(8, C / r) channels, split back into f^h, f^w;
/// g^h = sigmoid(conv_h(f^h)), g^w = sigmoid(conv_w(f^w)); y_c(i, j) = x_c(i, j) * g^h_c(i) * g^w_c(j).
/// Structure and state-dict keys follow the official code, houqb/CoordAttention coordatt.py: conv1.*,
/// bn1.*, conv_h.*, conv_w.* (1x1 convs with bias). The pooling is over whatever H and W the input has:
/// no size is fixed at construction.
/// </summary>
public sealed class CoordAttention : ExplicitModule
{
    public CaOptions Options { get; }
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Activation act;
    private readonly Conv2d convH;
    private readonly Conv2d convW;

    public CoordAttention(long channels, CaOptions? options = null, Device? device = null) : base(nameof(CoordAttention))
    {
        Options = options ?? new CaOptions();
        AttentionRegistry.CheckChannels("ca", channels);
        var mip = Math.Max(Options.MinChannels, channels / Options.Reduction);
        conv1 = RegisterModule("conv1", new Conv2d(channels, mip, kernel_size: 1, stride: 1, padding: 0, device: device));
        bn1 = RegisterModule("bn1", new BatchNorm2d(mip, device: device));
        act = RegisterModule("act", new Activation(Options.Act));
        convH = RegisterModule("conv_h", new Conv2d(mip, channels, kernel_size: 1, stride: 1, padding: 0, device: device));
        convW = RegisterModule("conv_w", new Conv2d(mip, channels, kernel_size: 1, stride: 1, padding: 0, device: device));
    }

    public override Tensor forward(Tensor input)
    {
        var h = input.size(2);
        var w = input.size(3);
        var xh = F.mean(input, new long[] { 3 }, keepdim: true);                             // [N, C, H, 1]
        var xw = F.mean(input, new long[] { 2 }, keepdim: true).permute(0, 1, 3, 2);         // [N, C, W, 1]
        var y = act.forward(bn1.forward(conv1.forward(torch.cat(new[] { xh, xw }, 2))));  // [N, mip, H + W, 1]
        var parts = y.split(new[] { h, w }, 2);
        var ah = Gate.Apply(Options.Gate, convH.forward(parts[0]));                       // [N, C, H, 1]
        var aw = Gate.Apply(Options.Gate, convW.forward(parts[1].permute(0, 1, 3, 2)));   // [N, C, 1, W]
        return F.mul(F.mul(input, aw), ah);
    }
}
