using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using Ablation.TorchSupport.nn;

namespace Ablation.Experiments.Attention;

/// <summary>Options of <see cref="SqueezeExcite"/>; the defaults are the paper's.</summary>
public sealed record SeOptions
{
    /// <summary>r: the hidden layer has max(1, C / r) units.</summary>
    public long Reduction { get; init; } = 16;
    /// <summary>Biases in both FC layers, as the official (Caffe) SENet models have them; false gives the
    /// bias-free layers of most PyTorch ports (senet.pytorch).</summary>
    public bool Bias { get; init; } = true;
    public string Act { get; init; } = "relu";
    public string Gate { get; init; } = "sigmoid";

    internal static OptionSet<SeOptions> Declarations { get; } = new OptionSet<SeOptions>()
        .Int("reduction", "reduction ratio r of the excitation MLP (hidden = C / r)", o => o.Reduction, (o, v) => o with { Reduction = v })
        .Bool("bias", "biases in the two FC layers", o => o.Bias, (o, v) => o with { Bias = v })
        .Choice("act", "activation between the FC layers", Activation.Names, o => o.Act, (o, v) => o with { Act = v })
        .Choice("gate", "function turning the excitation into channel weights", Attention.Gate.Names, o => o.Gate, (o, v) => o with { Gate = v });
}

/// <summary>
/// Squeeze-and-Excitation: Hu, Shen, Sun, "Squeeze-and-Excitation Networks", CVPR 2018
/// (arXiv:1709.01507). z = GAP(x) in R^C, s = sigmoid(W2 relu(W1 z + b1) + b2) with W1 in R^{C/r x C},
/// W2 in R^{C x C/r}; output x_c * s_c. Defaults r = 16 with FC biases, as the official Caffe models
/// (hujie-frank/SENet) and their parameter count (SE-ResNet-50: 28.09M). State-dict keys are those of
/// the PyTorch port moskomule/senet.pytorch (SELayer): fc.0.weight, fc.0.bias, fc.2.weight, fc.2.bias.
/// </summary>
public sealed class SqueezeExcite : ExplicitModule
{
    public SeOptions Options { get; }
    private readonly Module<Tensor, Tensor> fc;

    public SqueezeExcite(long channels, SeOptions? options = null, Device? device = null) : base(nameof(SqueezeExcite))
    {
        Options = options ?? new SeOptions();
        AttentionRegistry.CheckChannels("se", channels);
        var hidden = Math.Max(1, channels / Options.Reduction);
        fc = RegisterModule("fc", nn.Sequential(
            new Linear(channels, hidden, bias: Options.Bias, device: device),
            new Activation(Options.Act),
            new Linear(hidden, channels, bias: Options.Bias, device: device)));
    }

    public override Tensor forward(Tensor input)
    {
        var squeezed = F.mean(input, new long[] { 2, 3 });                  // [N, C]
        var excitation = Gate.Apply(Options.Gate, fc.forward(squeezed));   // [N, C]
        return F.mul(input, excitation.unsqueeze(-1).unsqueeze(-1));
    }
}
