using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using Ablation.TorchSupport.nn;

namespace Ablation.Experiments.Attention;

/// <summary>Options of <see cref="Gam"/>; the defaults are the widely used form with the paper's gate.</summary>
public sealed record GamOptions
{
    public static readonly IReadOnlyList<string> ChannelGates = new[] { "sigmoid", "none" };

    /// <summary>r: both sub-modules reduce to max(1, C / r) (paper: 4).</summary>
    public long Rate { get; init; } = 4;
    /// <summary>Kernel size of the two spatial convolutions (paper: 7).</summary>
    public long KernelSize { get; init; } = 7;
    /// <summary>Groups of the spatial convolutions; above 1, the spatial map is channel-shuffled with
    /// as many groups (the paper's grouped, shuffled variant, used with groups = rate).</summary>
    public long Groups { get; init; } = 1;
    /// <summary>The paper's sigmoid on the channel sub-module (Fig. 2); `none` is the widely copied code,
    /// which multiplies the raw MLP output in.</summary>
    public string ChannelGate { get; init; } = "sigmoid";

    internal static OptionSet<GamOptions> Declarations { get; } = new OptionSet<GamOptions>()
        .Int("rate", "reduction rate r of both sub-modules", o => o.Rate, (o, v) => o with { Rate = v })
        .Int("kernel_size", "kernel size of the spatial convolutions (odd)", o => o.KernelSize, (o, v) => o with { KernelSize = v })
        .Int("groups", "groups of the spatial convolutions; > 1 adds the paper's channel shuffle", o => o.Groups, (o, v) => o with { Groups = v })
        .Choice("channel_gate", "gate of the channel sub-module (paper: sigmoid; common code: none)", ChannelGates, o => o.ChannelGate, (o, v) => o with { ChannelGate = v });
}

/// <summary>
/// Global Attention Mechanism: Liu, Shao, Hoffmann, "Global Attention Mechanism: Retain Information to
/// Enhance Channel-Spatial Interactions", arXiv:2112.05561 (2021). F2 = Mc(F1) * F1, F3 = Ms(F2) * F2 with
/// Mc = sigmoid(MLP_{C -> C/r -> C} applied per pixel on the H x W x C permutation) and
/// Ms = sigmoid(BN(conv7x7_{C/r -> C}(ReLU(BN(conv7x7_{C -> C/r}(F)))))). The paper has no official
/// code; structure and state-dict keys follow the widely used implementation (channel_attention.0/.2
/// linear layers; spatial_attention.0 conv, .1 BN, .3 conv, .4 BN, convs with bias), with rate 4 and full
/// 7x7 convolutions by default.
/// </summary>
public sealed class Gam : ExplicitModule
{
    public GamOptions Options { get; }
    private readonly Module<Tensor, Tensor> channelAttention;
    private readonly Module<Tensor, Tensor> spatialAttention;

    public Gam(long channels, GamOptions? options = null, Device? device = null) : base(nameof(Gam))
    {
        Options = options ?? new GamOptions();
        AttentionRegistry.CheckChannels("gam", channels);
        var mid = Math.Max(1, channels / Options.Rate);
        var g = Options.Groups;
        if (channels % g != 0 || mid % g != 0)
            throw new ArgumentException($"attention 'gam': option 'groups' ({g}) must divide the channels ({channels}) and channels / rate ({mid})");
        if (Options.KernelSize % 2 == 0)
            throw new ArgumentException($"attention 'gam': option 'kernel_size' must be odd (same-size output), got {Options.KernelSize}");
        var k = Options.KernelSize;
        channelAttention = RegisterModule("channel_attention", nn.Sequential(
            new Linear(channels, mid, device: device),
            new ReLU(),
            new Linear(mid, channels, device: device)));
        spatialAttention = RegisterModule("spatial_attention", nn.Sequential(
            new Conv2d(channels, mid, kernel_size: k, padding: (k - 1) / 2, groups: g, device: device),
            new BatchNorm2d(mid, device: device),
            new ReLU(),
            new Conv2d(mid, channels, kernel_size: k, padding: (k - 1) / 2, groups: g, device: device),
            new BatchNorm2d(channels, device: device)));
    }

    public override Tensor forward(Tensor input)
    {
        var att = channelAttention.forward(input.permute(0, 2, 3, 1)).permute(0, 3, 1, 2);  // MLP over C per pixel
        if (Options.ChannelGate == "sigmoid") att = F.sigmoid(att);
        var x = F.mul(input, att);
        var s = F.sigmoid(spatialAttention.forward(x));
        if (Options.Groups > 1) s = ChannelShuffle(s, Options.Groups);
        return F.mul(x, s);
    }

    /// <summary>ShuffleNet's channel shuffle: [N, g, C/g, H, W] -> transpose the group axes -> [N, C, H, W].</summary>
    private static Tensor ChannelShuffle(Tensor x, long groups)
    {
        var s = x.shape;
        return x.view(s[0], groups, s[1] / groups, s[2], s[3]).transpose(1, 2).reshape(s[0], s[1], s[2], s[3]);
    }
}
