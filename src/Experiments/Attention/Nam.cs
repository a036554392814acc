using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using Ablation.TorchSupport.nn;

namespace Ablation.Experiments.Attention;

/// <summary>Options of <see cref="Nam"/>; the defaults are the official code's.</summary>
public sealed record NamOptions
{
    /// <summary>The official code reads the BN scale factors through `.data`, so no gradient flows through
    /// the weighting |gamma_i| / sum |gamma_j| (only through BN's output); false lets it flow.</summary>
    public bool DetachWeights { get; init; } = true;

    internal static OptionSet<NamOptions> Declarations { get; } = new OptionSet<NamOptions>()
        .Bool("detach_weights", "no gradient through the weights |gamma| / sum |gamma| (official code)", o => o.DetachWeights, (o, v) => o with { DetachWeights = v });
}

/// <summary>
/// Normalization-based attention (channel): Liu, Shao, Zhang, Hu, "NAM: Normalization-based Attention
/// Module<Tensor, Tensor>", NeurIPS 2021 ImageNet PPF workshop (arXiv:2111.12419). Mc = sigmoid(W_gamma(BN(F))) with
/// W_gamma = |gamma_i| / sum_j |gamma_j|, gamma the BN scale factors; output Mc * F. Structure and
/// state-dict keys follow the official code, Christian-lyc/NAM MODELS/attention.py: Channel_Att.bn2.*
/// (the released code implements the channel sub-module only).
/// </summary>
public sealed class Nam : ExplicitModule
{
    public NamOptions Options { get; }
    private readonly NamChannelAttention channelAtt;

    public Nam(long channels, NamOptions? options = null, Device? device = null) : base(nameof(Nam))
    {
        Options = options ?? new NamOptions();
        AttentionRegistry.CheckChannels("nam", channels);
        channelAtt = RegisterModule("Channel_Att", new NamChannelAttention(channels, Options, device));
    }

    public override Tensor forward(Tensor input) => channelAtt.forward(input);
}

/// <summary>NAM's channel sub-module: sigmoid(BN(F) * |gamma| / sum |gamma|) * F.</summary>
public sealed class NamChannelAttention : ExplicitModule
{
    private readonly NamOptions options;
    private readonly BatchNorm2d bn2;

    public NamChannelAttention(long channels, NamOptions options, Device? device = null) : base(nameof(NamChannelAttention))
    {
        this.options = options;
        bn2 = RegisterModule("bn2", new BatchNorm2d(channels, device: device));
    }

    public override Tensor forward(Tensor input)
    {
        var normalised = bn2.forward(input);
        var gamma = F.abs(options.DetachWeights ? bn2.weight!.detach() : bn2.weight!);
        var weights = F.div(gamma, gamma.sum());
        return F.mul(F.sigmoid(F.mul(normalised, weights.view(1, -1, 1, 1))), input);
    }
}
