using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using Ablation.TorchSupport.nn;

namespace Ablation.Experiments.Attention;

/// <summary>Options of <see cref="SimAm"/>; the default is the paper's.</summary>
public sealed record SimAmOptions
{
    /// <summary>The regulariser lambda of the energy function (paper: 1e-4).</summary>
    public double ELambda { get; init; } = 1e-4;

    internal static OptionSet<SimAmOptions> Declarations { get; } = new OptionSet<SimAmOptions>()
        .Double("e_lambda", "regulariser lambda of the energy function", o => o.ELambda, (o, v) => o with { ELambda = v }, exclusiveMin: 0);
}

/// <summary>
/// SimAM: Yang, Zhang, Li, Xie, "SimAM: A Simple, Parameter-Free Attention Module<Tensor, Tensor> for Convolutional
/// Neural Networks", ICML 2021. Per channel, with n = H * W - 1, d = (x - mean_HW(x))^2 and
/// v = sum_HW(d) / n, the inverse minimal energy is 1/e* = d / (4 (v + lambda)) + 0.5; output
/// x * sigmoid(1/e*). No parameters and no state-dict keys, as the official code ZjjConan/SimAM
/// (simam_module). A 1 x 1 map has n = 0 (the official code divides by zero there as well).
/// </summary>
public sealed class SimAm : ExplicitModule
{
    public SimAmOptions Options { get; }

    public SimAm(long channels, SimAmOptions? options = null, Device? device = null) : base(nameof(SimAm))
    {
        Options = options ?? new SimAmOptions();
        AttentionRegistry.CheckChannels("simam", channels);
    }

    public override Tensor forward(Tensor input)
    {
        var hw = new long[] { 2, 3 };
        var n = input.size(2) * input.size(3) - 1;
        var d = F.pow(F.sub(input, F.mean(input, hw, keepdim: true)), 2);
        var energy = F.add(F.div(d, F.mul(F.add(F.div(F.sum(d, hw, keepdim: true), n), Options.ELambda), 4.0)), 0.5);
        return F.mul(input, F.sigmoid(energy));
    }
}
