using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using Ablation.TorchSupport.nn;

namespace Ablation.Experiments.Attention;

/// <summary>Options of <see cref="Cbam"/>; the defaults are the paper's and its official code's.</summary>
public sealed record CbamOptions
{
    public static readonly IReadOnlyList<string> PoolTypes = new[] { "avg", "max", "lp", "lse" };

    /// <summary>r: the shared MLP has max(1, C / r) hidden units.</summary>
    public long Reduction { get; init; } = 16;
    /// <summary>Pooled descriptors fed to the shared MLP and summed (paper: avg and max; the code also
    /// offers lp (L2) and lse (log-sum-exp)).</summary>
    public IReadOnlyList<string> Pool { get; init; } = new[] { "avg", "max" };
    /// <summary>Size of the spatial gate's convolution (paper: 7).</summary>
    public long KernelSize { get; init; } = 7;
    public long Dilation { get; init; } = 1;
    /// <summary>Biases in the MLP's linear layers (official); false is the common blog form.</summary>
    public bool Bias { get; init; } = true;
    /// <summary>BatchNorm after the spatial convolution, as the official code's BasicConv has it.</summary>
    public bool SpatialBn { get; init; } = true;
    public string Act { get; init; } = "relu";
    public string Gate { get; init; } = "sigmoid";
    /// <summary>Channel gate on (cbam-spatial turns it off).</summary>
    public bool Channel { get; init; } = true;
    /// <summary>Spatial gate on (cbam-channel turns it off: the official code's no_spatial).</summary>
    public bool Spatial { get; init; } = true;

    internal static OptionSet<CbamOptions> Declarations { get; } = new OptionSet<CbamOptions>()
        .Int("reduction", "reduction ratio r of the channel MLP (hidden = C / r)", o => o.Reduction, (o, v) => o with { Reduction = v })
        .List("pool", "pooled descriptors of the channel gate, summed after the shared MLP", PoolTypes, o => o.Pool, (o, v) => o with { Pool = v })
        .Bool("bias", "biases in the channel MLP", o => o.Bias, (o, v) => o with { Bias = v })
        .Choice("act", "activation of the channel MLP", Activation.Names, o => o.Act, (o, v) => o with { Act = v })
        .Int("kernel_size", "kernel size of the spatial convolution (odd)", o => o.KernelSize, (o, v) => o with { KernelSize = v })
        .Int("dilation", "dilation of the spatial convolution", o => o.Dilation, (o, v) => o with { Dilation = v })
        .Bool("spatial_bn", "BatchNorm after the spatial convolution", o => o.SpatialBn, (o, v) => o with { SpatialBn = v })
        .Choice("gate", "function turning logits into weights (both gates)", Attention.Gate.Names, o => o.Gate, (o, v) => o with { Gate = v })
        .Bool("channel", "apply the channel gate", o => o.Channel, (o, v) => o with { Channel = v })
        .Bool("spatial", "apply the spatial gate after the channel gate", o => o.Spatial, (o, v) => o with { Spatial = v });

    /// <summary>The options that only the channel gate reads (cbam-spatial does not take them).</summary>
    internal static readonly string[] ChannelOnly = { "reduction", "pool", "bias", "act" };
    /// <summary>The options that only the spatial gate reads (cbam-channel does not take them).</summary>
    internal static readonly string[] SpatialOnly = { "kernel_size", "dilation", "spatial_bn" };
}

/// <summary>
/// Convolutional Block Attention Module: Woo, Park, Lee, Kweon, "CBAM: Convolutional Block Attention
/// Module<Tensor, Tensor>", ECCV 2018 (arXiv:1807.06521). Channel then spatial attention, each multiplied into the input:
/// F' = Mc(F) * F with Mc(F) = sigmoid(MLP(AvgPool(F)) + MLP(MaxPool(F))), then
/// F'' = Ms(F') * F' with Ms(F) = sigmoid(BN(conv7x7([MaxPool_c(F); AvgPool_c(F)]))).
/// Structure and state-dict keys follow the official code, Jongchan/attention-module MODELS/cbam.py:
/// ChannelGate.mlp.1.{weight,bias}, ChannelGate.mlp.3.{weight,bias}, SpatialGate.spatial.conv.weight,
/// SpatialGate.spatial.bn.* (BN momentum 0.01; channel pooling order max then mean, as the code). The
/// registry's cbam-channel and cbam-spatial are this module with one gate switched off.
/// </summary>
public sealed class Cbam : ExplicitModule
{
    public CbamOptions Options { get; }
    private readonly CbamChannelGate? channelGate;
    private readonly CbamSpatialGate? spatialGate;

    public Cbam(long channels, CbamOptions? options = null, Device? device = null) : base(nameof(Cbam))
    {
        Options = options ?? new CbamOptions();
        AttentionRegistry.CheckChannels("cbam", channels);
        if (!Options.Channel && !Options.Spatial)
            throw new ArgumentException("attention 'cbam': options 'channel' and 'spatial' cannot both be false");
        if (Options.KernelSize % 2 == 0)
            throw new ArgumentException($"attention 'cbam': option 'kernel_size' must be odd (same-size output), got {Options.KernelSize}");
        if (Options.Channel) channelGate = RegisterModule("ChannelGate", new CbamChannelGate(channels, Options, device));
        if (Options.Spatial) spatialGate = RegisterModule("SpatialGate", new CbamSpatialGate(Options, device));
    }

    public override Tensor forward(Tensor input)
    {
        var x = channelGate is null ? input : channelGate.forward(input);
        return spatialGate is null ? x : spatialGate.forward(x);
    }
}

/// <summary>CBAM's channel gate: sigmoid(sum over pool types of MLP(pool(F))) * F.</summary>
public sealed class CbamChannelGate : ExplicitModule
{
    private readonly CbamOptions options;
    private readonly Module<Tensor, Tensor> mlp;

    public CbamChannelGate(long channels, CbamOptions options, Device? device = null) : base(nameof(CbamChannelGate))
    {
        this.options = options;
        var hidden = Math.Max(1, channels / options.Reduction);
        // Index 0 is the reference's Flatten, so the linear layers keep its keys mlp.1 and mlp.3.
        mlp = RegisterModule("mlp", nn.Sequential(
            new Flatten(),
            new Linear(channels, hidden, bias: options.Bias, device: device),
            new Activation(options.Act),
            new Linear(hidden, channels, bias: options.Bias, device: device)));
    }

    public override Tensor forward(Tensor input)
    {
        Tensor? sum = null;
        foreach (var pool in options.Pool)
        {
            var raw = mlp.forward(Pool(input, pool));
            sum = sum is null ? raw : F.add(sum, raw);
        }
        return F.mul(input, Gate.Apply(options.Gate, sum!).unsqueeze(-1).unsqueeze(-1));
    }

    /// <summary>Global pooling over H and W to [N, C].</summary>
    private static Tensor Pool(Tensor x, string type)
    {
        var hw = new long[] { 2, 3 };
        switch (type)
        {
            case "avg": return F.mean(x, hw);
            // As the official code, max_pool2d over the whole map: its backward routes the gradient through the
            // argmax indices, where amax's re-derives a tie mask over the full tensor (several times slower).
            case "max": return F.max_pool2d(x, (x.size(2), x.size(3)), (x.size(2), x.size(3)), (0, 0), (1, 1)).flatten(1);
            case "lp": return F.sqrt(F.sum(F.pow(x, 2), hw));  // lp_pool2d with p = 2 over the whole map
            default:
            {
                // log-sum-exp, stabilised by the maximum as the official logsumexp_2d.
                var flat = x.flatten(2);
                var s = F.amax(flat, new long[] { 2 }, keepdim: true);
                return F.add(s, F.log(F.sum(F.exp(F.sub(flat, s)), new long[] { 2 }, keepdim: true))).flatten(1);
            }
        }
    }
}

/// <summary>CBAM's spatial gate: sigmoid(BN(conv([max_c F; mean_c F]))) * F.</summary>
public sealed class CbamSpatialGate : ExplicitModule
{
    private readonly CbamOptions options;
    private readonly CbamBasicConv spatial;

    public CbamSpatialGate(CbamOptions options, Device? device = null) : base(nameof(CbamSpatialGate))
    {
        this.options = options;
        spatial = RegisterModule("spatial", new CbamBasicConv(options, device));
    }

    public override Tensor forward(Tensor input)
    {
        // torch.max(x, 1)[0] as the official code (index-based backward, see ChannelGate.Pool).
        var compressed = torch.cat(new[] { F.max(input, 1, keepdim: true), F.mean(input, new long[] { 1 }, keepdim: true) }, 1);
        return F.mul(input, Gate.Apply(options.Gate, spatial.forward(compressed)));
    }
}

/// <summary>The official code's BasicConv as CBAM uses it: conv (2 -> 1, no bias) then optional BN
/// (eps 1e-5, momentum 0.01), no ReLU.</summary>
public sealed class CbamBasicConv : ExplicitModule
{
    private readonly Conv2d conv;
    private readonly BatchNorm2d? bn;

    public CbamBasicConv(CbamOptions options, Device? device = null) : base(nameof(CbamBasicConv))
    {
        conv = RegisterModule("conv", new Conv2d(2, 1, options.KernelSize, stride: 1,
            padding: options.Dilation * (options.KernelSize - 1) / 2, dilation: options.Dilation, bias: false, device: device));
        if (options.SpatialBn) bn = RegisterModule("bn", new BatchNorm2d(1, eps: 1e-5, momentum: 0.01, device: device));
    }

    public override Tensor forward(Tensor input)
    {
        var x = conv.forward(input);
        return bn is null ? x : bn.forward(x);
    }
}
