using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Ablation.Experiments.Tests.Training;

/// <summary>conv3x3 -> batch norm -> relu -> global average pool -> linear: the smallest model with every kind
/// of state a checkpoint must carry (weights, biases, BN running statistics).</summary>
public sealed class TinyNet : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly Parameter bnWeight, bnBias, fcWeight, fcBias;
    private readonly Tensor runningMean, runningVar;

    public TinyNet(long inChannels, long classes, long width = 8, Device? device = null) : base(nameof(TinyNet))
    {
        conv = nn.Conv2d(inChannels, width, 3, padding: 1, bias: false, device: device);
        register_module("conv", conv);
        bnWeight = new Parameter(torch.ones(new[] { width }, device: device));
        bnBias = new Parameter(torch.zeros(new[] { width }, device: device));
        runningMean = torch.zeros(new[] { width }, device: device);
        runningVar = torch.ones(new[] { width }, device: device);
        fcWeight = new Parameter(torch.randn(new[] { classes, width }, device: device).mul_(0.1));
        fcBias = new Parameter(torch.zeros(new[] { classes }, device: device));
        register_parameter("bn_weight", bnWeight);
        register_parameter("bn_bias", bnBias);
        register_buffer("running_mean", runningMean);
        register_buffer("running_var", runningVar);
        register_parameter("fc_weight", fcWeight);
        register_parameter("fc_bias", fcBias);
    }

    public override Tensor forward(Tensor input)
    {
        var x = F.batch_norm(conv.call(input), runningMean, runningVar, bnWeight, bnBias, training: training);
        x = F.adaptive_avg_pool2d(F.relu(x), 1).flatten(1);
        return F.linear(x, fcWeight, fcBias);
    }
}
