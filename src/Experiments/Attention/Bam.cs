using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using Ablation.TorchSupport.nn;

namespace Ablation.Experiments.Attention;

/// <summary>Options of <see cref="Bam"/>; the defaults are the paper's.</summary>
public sealed record BamOptions
{
    public static readonly IReadOnlyList<string> CombineModes = new[] { "sum", "product" };

    /// <summary>r: both branches reduce to max(1, C / r) channels (paper: 16).</summary>
    public long Reduction { get; init; } = 16;
    /// <summary>Hidden FC layers of the channel branch (official code: 1).</summary>
    public long NumLayers { get; init; } = 1;
    /// <summary>Dilation d of the spatial branch's 3x3 convolutions (paper: 4).</summary>
    public long Dilation { get; init; } = 4;
    /// <summary>How many dilated 3x3 convolutions the spatial branch has (paper: 2).</summary>
    public long DilationConvNum { get; init; } = 2;
    /// <summary>How the branches combine before the sigmoid: the paper's sum, or the released code's
    /// product.</summary>
    public string Combine { get; init; } = "sum";
    /// <summary>BatchNorm on each branch's output (BN(MLP(.)), BN(f1x1(.)) as the paper's formulas are
    /// written and blog versions implement them); the official code normalises hidden layers only.</summary>
    public bool OutputBn { get; init; }

    internal static OptionSet<BamOptions> Declarations { get; } = new OptionSet<BamOptions>()
        .Int("reduction", "reduction ratio r of both branches", o => o.Reduction, (o, v) => o with { Reduction = v })
        .Int("num_layers", "hidden FC layers in the channel branch", o => o.NumLayers, (o, v) => o with { NumLayers = v })
        .Int("dilation", "dilation of the spatial branch's 3x3 convolutions", o => o.Dilation, (o, v) => o with { Dilation = v })
        .Int("dilation_conv_num", "number of dilated 3x3 convolutions in the spatial branch", o => o.DilationConvNum, (o, v) => o with { DilationConvNum = v }, min: 0)
        .Choice("combine", "how channel and spatial attention combine (paper: sum; released code: product)", CombineModes, o => o.Combine, (o, v) => o with { Combine = v })
        .Bool("output_bn", "BatchNorm on each branch's output", o => o.OutputBn, (o, v) => o with { OutputBn = v });
}

/// <summary>
/// Bottleneck Attention Module<Tensor, Tensor>: Park, Woo, Lee, Kweon, "BAM: Bottleneck Attention Module<Tensor, Tensor>", BMVC 2018
/// (arXiv:1807.06514). F' = F + F * M(F), M(F) = sigmoid(Mc(F) + Ms(F)) with
/// Mc(F) = MLP(AvgPool(F)) in R^{C x 1 x 1} (C -> C/r, BN, ReLU -> C) and
/// Ms(F) = f1x1(f3x3_d(f3x3_d(f1x1(F)))) in R^{1 x H x W} (C -> C/r, dilation d = 4, -> 1; BN and ReLU
/// after each hidden conv), broadcast to C x H x W. Structure and state-dict keys follow the official
/// code, Jongchan/attention-module MODELS/bam.py (channel_att.gate_c.gate_c_fc_0, .gate_c_bn_1,
/// .gate_c_fc_final; spatial_att.gate_s.gate_s_conv_reduce0, .gate_s_bn_reduce0, .gate_s_conv_di_i,
/// .gate_s_bn_di_i, .gate_s_conv_final). That code multiplies Mc and Ms where the paper adds them; the
/// paper's sum is the default and `combine: product` the code's behaviour. The code pools with a square
/// H x H window; this module pools globally, which is the same for square maps and correct for others.
/// </summary>
public sealed class Bam : ExplicitModule
{
    public BamOptions Options { get; }
    private readonly BamChannelGate channelAtt;
    private readonly BamSpatialGate spatialAtt;

    public Bam(long channels, BamOptions? options = null, Device? device = null) : base(nameof(Bam))
    {
        Options = options ?? new BamOptions();
        AttentionRegistry.CheckChannels("bam", channels);
        channelAtt = RegisterModule("channel_att", new BamChannelGate(channels, Options, device));
        spatialAtt = RegisterModule("spatial_att", new BamSpatialGate(channels, Options, device));
    }

    public override Tensor forward(Tensor input)
    {
        var mc = channelAtt.forward(input);    // [N, C, 1, 1]
        var ms = spatialAtt.forward(input);    // [N, 1, H, W]
        var logits = Options.Combine == "sum" ? F.add(mc, ms) : F.mul(mc, ms);
        return F.mul(F.add(F.sigmoid(logits), 1.0), input);
    }
}

/// <summary>BAM's channel branch: global average pool, FC (+BN+ReLU) x num_layers, FC; [N, C, 1, 1].</summary>
public sealed class BamChannelGate : ExplicitModule
{
    private readonly Module<Tensor, Tensor> gateC;

    public BamChannelGate(long channels, BamOptions options, Device? device = null) : base(nameof(BamChannelGate))
    {
        var hidden = Math.Max(1, channels / options.Reduction);
        var layers = new List<(string, Module<Tensor, Tensor>)> { ("flatten", new Flatten()) };
        var width = channels;
        for (var i = 0; i < options.NumLayers; i++)
        {
            layers.Add(($"gate_c_fc_{i}", new Linear(width, hidden, device: device)));
            layers.Add(($"gate_c_bn_{i + 1}", new BatchNorm1d(hidden, device: device)));
            layers.Add(($"gate_c_relu_{i + 1}", new ReLU()));
            width = hidden;
        }
        layers.Add(("gate_c_fc_final", new Linear(width, channels, device: device)));
        if (options.OutputBn) layers.Add(("gate_c_bn_final", new BatchNorm1d(channels, device: device)));
        gateC = RegisterModule("gate_c", nn.Sequential(layers.ToArray()));
    }

    public override Tensor forward(Tensor input) =>
        gateC.forward(F.mean(input, new long[] { 2, 3 })).unsqueeze(-1).unsqueeze(-1);
}

/// <summary>BAM's spatial branch: 1x1 reduce, dilated 3x3 convs, 1x1 to one map; [N, 1, H, W].</summary>
public sealed class BamSpatialGate : ExplicitModule
{
    private readonly Module<Tensor, Tensor> gateS;

    public BamSpatialGate(long channels, BamOptions options, Device? device = null) : base(nameof(BamSpatialGate))
    {
        var mid = Math.Max(1, channels / options.Reduction);
        var d = options.Dilation;
        var layers = new List<(string, Module<Tensor, Tensor>)>
        {
            ("gate_s_conv_reduce0", new Conv2d(channels, mid, kernel_size: 1, device: device)),
            ("gate_s_bn_reduce0", new BatchNorm2d(mid, device: device)),
            ("gate_s_relu_reduce0", new ReLU()),
        };
        for (var i = 0; i < options.DilationConvNum; i++)
        {
            layers.Add(($"gate_s_conv_di_{i}", new Conv2d(mid, mid, kernel_size: 3, padding: d, dilation: d, device: device)));
            layers.Add(($"gate_s_bn_di_{i}", new BatchNorm2d(mid, device: device)));
            layers.Add(($"gate_s_relu_di_{i}", new ReLU()));
        }
        layers.Add(("gate_s_conv_final", new Conv2d(mid, 1, kernel_size: 1, device: device)));
        if (options.OutputBn) layers.Add(("gate_s_bn_final", new BatchNorm2d(1, device: device)));
        gateS = RegisterModule("gate_s", nn.Sequential(layers.ToArray()));
    }

    public override Tensor forward(Tensor input) => gateS.forward(input);
}
