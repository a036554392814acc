using Ablation.Torch;
using Ablation.Torch.nn;

namespace Ablation.Experiments.Tests.Training;

/// <summary>conv3x3 -> batch norm -> relu -> global average pool -> linear: the smallest model with every kind
/// of state a checkpoint must carry (weights, biases, BN running statistics and counter).</summary>
public sealed class TinyNet : Module
{
    private readonly Conv2d conv;
    private readonly Tensor bnWeight, bnBias, runningMean, runningVar, fcWeight, fcBias;

    public TinyNet(long inChannels, long classes, long width = 8, Device? device = null)
    {
        conv = RegisterModule("conv", new Conv2d(inChannels, width, 3, padding: 1, bias: false, device: device));
        bnWeight = RegisterParameter("bn_weight", torch.ones(new[] { width }, device: device));
        bnBias = RegisterParameter("bn_bias", torch.zeros(new[] { width }, device: device));
        runningMean = RegisterBuffer("running_mean", torch.zeros(new[] { width }, device: device));
        runningVar = RegisterBuffer("running_var", torch.ones(new[] { width }, device: device));
        fcWeight = RegisterParameter("fc_weight", torch.randn(new[] { classes, width }, device: device) * 0.1);
        fcBias = RegisterParameter("fc_bias", torch.zeros(new[] { classes }, device: device));
    }

    public override Tensor Forward(Tensor input)
    {
        var x = F.batch_norm(conv.Forward(input), runningMean, runningVar, bnWeight, bnBias, training: Training);
        x = F.adaptive_avg_pool2d(F.relu(x), 1).Flatten(1);
        return F.linear(x, fcWeight, fcBias);
    }
}
