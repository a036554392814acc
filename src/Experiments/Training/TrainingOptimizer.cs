using Ablation.Torch;
using Ablation.Torch.nn;
using Ablation.Torch.optim;

namespace Ablation.Experiments.Training;

/// <summary>
/// The recipe's optimizer over a model's parameters: torch.optim-equivalent <see cref="SGD"/> (momentum,
/// Nesterov, weight decay) or <see cref="AdamW"/> (Loshchilov and Hutter 2019, betas 0.9/0.999, eps 1e-8)
/// from the binding. With <c>no_bn_bias_decay</c> the parameters of fewer than 2 dimensions (BatchNorm
/// weights, all biases) form a group without weight decay. The trainer sets the learning rate of every
/// group per step (<see cref="LearningRate"/>); the state (momentum buffers, Adam moments and step counts)
/// goes into checkpoints as the optimizer's state dict.
/// </summary>
public sealed class TrainingOptimizer : IDisposable
{
    private readonly Optimizer inner;

    private TrainingOptimizer(Optimizer inner) => this.inner = inner;

    public static TrainingOptimizer Create(Module model, Recipe recipe)
    {
        var parameters = model.Parameters().ToList();
        var groups = recipe.NoBnBiasDecay
            ? ParamGroup.SplitWeightDecay(parameters, recipe.WeightDecay)
            : new[] { new ParamGroup(parameters) };
        Optimizer optimizer = recipe.Optimizer switch
        {
            "adamw" => new AdamW(groups, recipe.Lr, weight_decay: recipe.WeightDecay),
            "sgd" => new SGD(groups, recipe.Lr, recipe.Momentum, dampening: 0, weight_decay: recipe.WeightDecay,
                nesterov: recipe.Nesterov && recipe.Momentum > 0),
            _ => throw new ArgumentException($"recipe: optimizer '{recipe.Optimizer}', allowed: {string.Join(", ", Recipe.Optimizers)}"),
        };
        return new TrainingOptimizer(optimizer);
    }

    public double Lr => inner.ParamGroups[0].lr;

    public void SetLr(double value)
    {
        foreach (var g in inner.ParamGroups) g.lr = value;
    }

    public void ZeroGrad() => inner.ZeroGrad();

    public void Step() => inner.Step();

    /// <summary>The state to checkpoint (torch.optim's structure); the tensors belong to the current scope.</summary>
    public IReadOnlyDictionary<string, Tensor> State() => inner.StateDict();

    /// <summary>Restores <see cref="State"/>; a state of another model or optimizer is an ArgumentException.</summary>
    public void LoadState(IReadOnlyDictionary<string, Tensor> saved) => inner.LoadStateDict(saved);

    public void Dispose() => inner.Dispose();
}
