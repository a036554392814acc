using TorchSharp;
using TorchSharp.Modules;
using Ablation.TorchSupport;
using static TorchSharp.torch;

namespace Ablation.Experiments.Training;

/// <summary>
/// The recipe's optimizer over a model's parameters: TorchSharp's torch.optim <see cref="SGD"/> (momentum,
/// Nesterov, weight decay) or <see cref="AdamW"/> (Loshchilov and Hutter 2019, betas 0.9/0.999, eps 1e-8).
/// With <c>no_bn_bias_decay</c> the parameters of fewer than 2 dimensions (BatchNorm weights, all biases)
/// form a group without weight decay (<see cref="SplitWeightDecay"/>). The trainer sets the learning rate
/// of every group per step (<see cref="LearningRate"/>); the state (momentum buffers, Adam moments and step
/// counts) goes into checkpoints with torch.optim's state_dict keys (<see cref="OptimizerStateDict"/>).
/// </summary>
public sealed class TrainingOptimizer : IDisposable
{
    private readonly OptimizerHelper inner;

    private TrainingOptimizer(OptimizerHelper inner) => this.inner = inner;

    public static TrainingOptimizer Create(nn.Module model, Recipe recipe)
    {
        var parameters = model.parameters().ToList();
        return recipe.Optimizer switch
        {
            "adamw" => new TrainingOptimizer(new AdamW(
                SplitWeightDecay(parameters, recipe.NoBnBiasDecay, recipe.WeightDecay,
                    (ps, wd) => new AdamW.ParamGroup(ps, new AdamW.Options { weight_decay = wd })),
                recipe.Lr, weight_decay: recipe.WeightDecay)),
            "sgd" => new TrainingOptimizer(new SGD(
                SplitWeightDecay(parameters, recipe.NoBnBiasDecay, recipe.WeightDecay,
                    (ps, wd) => new SGD.ParamGroup(ps, new SGD.Options { weight_decay = wd })),
                recipe.Lr, recipe.Momentum, dampening: 0, weight_decay: recipe.WeightDecay,
                nesterov: recipe.Nesterov && recipe.Momentum > 0)),
            _ => throw new ArgumentException($"recipe: optimizer '{recipe.Optimizer}', allowed: {string.Join(", ", Recipe.Optimizers)}"),
        };
    }

    /// <summary>
    /// The parameter groups: one with every parameter at <paramref name="weight_decay"/>, or, with
    /// <paramref name="split"/>, parameters of two or more dimensions (conv and linear weights) with it and
    /// the others (normalisation weights, biases) without: the rule of timm's param_groups_weight_decay
    /// (Goyal et al. 2017 exempt BN and biases). Empty groups are left out.
    /// </summary>
    public static List<TGroup> SplitWeightDecay<TGroup>(IReadOnlyList<Parameter> parameters, bool split, double weight_decay,
        Func<IEnumerable<Parameter>, double, TGroup> group)
    {
        if (!split) return new List<TGroup> { group(parameters, weight_decay) };
        var groups = new List<TGroup>();
        var decay = parameters.Where(p => p.dim() > 1).ToList();
        var noDecay = parameters.Where(p => p.dim() <= 1).ToList();
        if (decay.Count > 0) groups.Add(group(decay, weight_decay));
        if (noDecay.Count > 0) groups.Add(group(noDecay, 0));
        return groups;
    }

    public double Lr => inner.ParamGroups.First().LearningRate;

    /// <summary>The weight decay of each group, in group order.</summary>
    public IReadOnlyList<double> WeightDecays =>
        inner.state_dict().Options.Select(o => o switch { SGD.Options s => s.weight_decay!.Value, AdamW.Options a => a.weight_decay!.Value, _ => 0 }).ToList();

    /// <summary>The parameters of each group, in group order.</summary>
    public IReadOnlyList<int> GroupSizes => inner.state_dict().StateIndexRef.Select(g => g.Count).ToList();

    public void SetLr(double value)
    {
        foreach (var g in inner.ParamGroups) g.LearningRate = value;
    }

    public void ZeroGrad() => inner.zero_grad();

    public void Step() => inner.step();

    /// <summary>The state to checkpoint (torch.optim's keys); the tensors belong to the current dispose scope.</summary>
    public Dictionary<string, Tensor> State() => OptimizerStateDict.Of(inner);

    /// <summary>Restores <see cref="State"/>; a state of another model or optimizer is an ArgumentException.</summary>
    public void LoadState(IReadOnlyDictionary<string, Tensor> saved) => OptimizerStateDict.Load(inner, saved);

    public void Dispose() => inner.Dispose();
}
