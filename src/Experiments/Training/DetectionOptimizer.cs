using TorchSharp;
using TorchSharp.Modules;
using Ablation.TorchSupport;
using static TorchSharp.torch;

namespace Ablation.Experiments.Training;

/// <summary>
/// YOLOv5's smart_optimizer: SGD with Nesterov momentum over three parameter groups, in train.py's order —
/// group 0 every bias (no decay; its warm-up lr starts at warmup_bias_lr), group 1 every other weight with the
/// scaled weight decay, group 2 the weights of normalisation layers (no decay). The schedule sets each group's
/// lr and the common momentum per iteration (<see cref="DetectionSchedule"/>); the state goes into checkpoints
/// with torch.optim's keys (<see cref="OptimizerStateDict"/>).
/// </summary>
public sealed class DetectionOptimizer : IDisposable
{
    private readonly SGD inner;

    public DetectionOptimizer(nn.Module model, DetectionRecipe recipe)
    {
        var biases = new List<Parameter>();
        var decay = new List<Parameter>();
        var norms = new List<Parameter>();
        foreach (var (_, module) in model.named_modules())
        {
            bool norm = module.GetType().Name.Contains("Norm", StringComparison.Ordinal);
            foreach (var (name, p) in module.named_parameters(recurse: false))
                (name == "bias" ? biases : name == "weight" && norm ? norms : decay).Add(p);
        }
        GroupSizes = new[] { biases.Count, decay.Count, norms.Count };
        var groups = new List<SGD.ParamGroup>
        {
            new(biases, new SGD.Options { weight_decay = 0 }),
            new(decay, new SGD.Options { weight_decay = recipe.ScaledWeightDecay }),
            new(norms, new SGD.Options { weight_decay = 0 }),
        };
        inner = new SGD(groups, recipe.Lr0, recipe.Momentum, dampening: 0, weight_decay: 0, nesterov: true);
    }

    /// <summary>Parameters in groups 0 (biases), 1 (decayed weights), 2 (normalisation weights).</summary>
    public IReadOnlyList<int> GroupSizes { get; }

    public IReadOnlyList<double> Lrs => inner.ParamGroups.Select(g => g.LearningRate).ToList();

    public void Set(DetectionSchedule schedule, int epoch, long ni)
    {
        int j = 0;
        foreach (var g in inner.ParamGroups)
        {
            g.LearningRate = schedule.Lr(j++, epoch, ni);
            ((SGD.ParamGroup)g).Options.momentum = schedule.Momentum(ni);
        }
    }

    public void ZeroGrad() => inner.zero_grad();

    public void Step() => inner.step();

    public Dictionary<string, Tensor> State() => OptimizerStateDict.Of(inner);

    public void LoadState(IReadOnlyDictionary<string, Tensor> saved) => OptimizerStateDict.Load(inner, saved);

    public void Dispose() => inner.Dispose();
}
