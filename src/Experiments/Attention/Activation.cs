using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using Ablation.TorchSupport.nn;

namespace Ablation.Experiments.Attention;

/// <summary>
/// The non-linearities an attention module's hidden layer may use, by the name its `act` option takes.
/// A parameter-free module, so it can sit inside a Sequential at the index where the reference code has
/// its nn.ReLU and leave every other index (and so every state-dict key) where the reference has it.
/// `hswish` is x * relu6(x + 3) / 6, coordinate attention's h_swish (equal to torch's hardswish).
/// </summary>
public sealed class Activation : ExplicitModule
{
    public static readonly IReadOnlyList<string> Names = new[] { "relu", "relu6", "silu", "gelu", "hswish" };

    public string Name { get; }

    public Activation(string name) : base(nameof(Activation))
    {
        if (!Names.Contains(name))
            throw new ArgumentException($"activation '{name}' is not one of {string.Join("|", Names)}");
        Name = name;
    }

    public override Tensor forward(Tensor input) => Name switch
    {
        "relu" => F.relu(input),
        "relu6" => F.relu6(input),
        "silu" => F.silu(input),
        "gelu" => F.gelu(input),
        _ => F.hardswish(input),
    };
}

/// <summary>
/// The function that turns attention logits into weights, by the name a module's `gate` option takes:
/// `sigmoid` (every paper here) or `hsigmoid`, relu6(x + 3) / 6 (MobileNetV3's cheap approximation).
/// </summary>
public static class Gate
{
    public static readonly IReadOnlyList<string> Names = new[] { "sigmoid", "hsigmoid" };

    public static Tensor Apply(string gate, Tensor logits) =>
        gate == "hsigmoid" ? F.hardsigmoid(logits) : F.sigmoid(logits);
}
