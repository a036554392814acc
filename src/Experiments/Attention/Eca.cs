using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using Ablation.TorchSupport.nn;

namespace Ablation.Experiments.Attention;

/// <summary>Options of <see cref="Eca"/>; the defaults are the paper's.</summary>
public sealed record EcaOptions
{
    /// <summary>Kernel size k of the 1-d convolution across channels; null (`auto`) picks the paper's
    /// adaptive k = |log2(C)/gamma + b/gamma|_odd.</summary>
    public long? KernelSize { get; init; }
    public double Gamma { get; init; } = 2;
    public double B { get; init; } = 1;
    public string Gate { get; init; } = "sigmoid";

    internal static OptionSet<EcaOptions> Declarations { get; } = new OptionSet<EcaOptions>()
        .IntOrAuto("kernel_size", "kernel size of the cross-channel 1-d conv; auto = |log2(C)/gamma + b/gamma|_odd", o => o.KernelSize, (o, v) => o with { KernelSize = v }, odd: true)
        .Double("gamma", "gamma of the adaptive kernel size", o => o.Gamma, (o, v) => o with { Gamma = v }, exclusiveMin: 0)
        .Double("b", "b of the adaptive kernel size", o => o.B, (o, v) => o with { B = v })
        .Choice("gate", "function turning logits into channel weights", Attention.Gate.Names, o => o.Gate, (o, v) => o with { Gate = v });

    /// <summary>ECA-Net eq. 12: t = int(|(log2(C) + b) / gamma|), k = t if t is odd else t + 1.</summary>
    public static long AdaptiveKernelSize(long channels, double gamma = 2, double b = 1)
    {
        var t = (long)Math.Abs((Math.Log2(channels) + b) / gamma);
        return t % 2 == 1 ? t : t + 1;
    }
}

/// <summary>
/// Efficient Channel Attention: Wang, Wu, Zhu, Li, Zuo, Hu, "ECA-Net: Efficient Channel Attention for
/// Deep Convolutional Neural Networks", CVPR 2020 (arXiv:1910.03151). y = GAP(x) in R^C,
/// w = sigmoid(conv1d_k(y)) (one bias-free kernel shared by all channels, zero padding (k-1)/2),
/// output x_c * w_c; k adaptive by default: k = |log2(C)/gamma + b/gamma|_odd, gamma = 2, b = 1.
/// Structure and state-dict key follow the official code, BangguWu/ECANet models/eca_module.py:
/// conv.weight of shape [1, 1, k].
/// </summary>
public sealed class Eca : ExplicitModule
{
    public EcaOptions Options { get; }
    public long KernelSize { get; }
    private readonly Conv1d conv;

    public Eca(long channels, EcaOptions? options = null, Device? device = null) : base(nameof(Eca))
    {
        Options = options ?? new EcaOptions();
        AttentionRegistry.CheckChannels("eca", channels);
        KernelSize = Options.KernelSize ?? EcaOptions.AdaptiveKernelSize(channels, Options.Gamma, Options.B);
        if (KernelSize < 1 || KernelSize % 2 == 0)
            throw new ArgumentException($"attention 'eca': kernel size must be an odd integer >= 1, got {KernelSize} (check gamma and b)");
        conv = RegisterModule("conv", new Conv1d(1, 1, KernelSize, padding: (KernelSize - 1) / 2, bias: false, device: device));
    }

    public override Tensor forward(Tensor input)
    {
        var y = F.mean(input, new long[] { 2, 3 }).unsqueeze(1);            // [N, 1, C]: channels as a sequence
        var w = Gate.Apply(Options.Gate, conv.forward(y));                  // [N, 1, C]
        return F.mul(input, w.squeeze(1).unsqueeze(-1).unsqueeze(-1));
    }
}
