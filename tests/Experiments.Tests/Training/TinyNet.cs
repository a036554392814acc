using Ablation.TorchSupport;
using Ablation.TorchSupport.nn;
using TorchSharp;
using Parameter = TorchSharp.Modules.Parameter;
using static TorchSharp.torch;

namespace Ablation.Experiments.Tests.Training;

/// <summary>conv3x3 -> batch norm -> relu -> global average pool -> linear: the smallest model with every kind
/// of state a checkpoint must carry (weights, biases, BN running statistics), written as the zoo's models are.</summary>
public sealed class TinyNet : ExplicitModule
{
    private readonly Conv2d conv;
    private readonly Parameter bnWeight, bnBias, fcWeight, fcBias;
    private readonly Tensor runningMean, runningVar;

    public TinyNet(long inChannels, long classes, long width = 8, Device? device = null) : base(nameof(TinyNet))
    {
        conv = RegisterModule("conv", new Conv2d(inChannels, width, 3, padding: 1, bias: false, device: device));
        bnWeight = RegisterParameter("bn_weight", torch.ones(new[] { width }, device: device));
        bnBias = RegisterParameter("bn_bias", torch.zeros(new[] { width }, device: device));
        runningMean = RegisterBuffer("running_mean", torch.zeros(new[] { width }, device: device));
        runningVar = RegisterBuffer("running_var", torch.ones(new[] { width }, device: device));
        fcWeight = RegisterParameter("fc_weight", torch.randn(new[] { classes, width }, device: device).mul_(0.1));
        fcBias = RegisterParameter("fc_bias", torch.zeros(new[] { classes }, device: device));
    }

    public override Tensor forward(Tensor input)
    {
        var x = F.batch_norm(conv.call(input), runningMean, runningVar, bnWeight, bnBias, training: training);
        x = F.adaptive_avg_pool2d(F.relu(x), 1).flatten(1);
        return F.linear(x, fcWeight, fcBias);
    }
}
