namespace Ablation.Experiments.Training;

/// <summary>
/// The learning rate of a recipe at a point of training, as a pure function of progress (epochs done, with
/// the fraction of the current epoch), so a resumed run needs no schedule state beyond its step count.
/// <list type="bullet">
/// <item>warmup (Goyal et al. 2017, "Accurate, Large Minibatch SGD"): lr * t / warmup_epochs for t &lt; warmup_epochs;</item>
/// <item>constant: lr;</item>
/// <item>step (torch.optim.lr_scheduler.StepLR): lr * gamma^floor(e / step_size);</item>
/// <item>multistep (MultiStepLR): lr * gamma^(number of milestones &lt;= e);</item>
/// <item>cosine (CosineAnnealingLR, eta_min = 0; Loshchilov and Hutter 2017, SGDR): lr * (1 + cos(pi * e' / T)) / 2,
/// with e' and T counted after the warmup;</item>
/// </list>
/// where e is the epoch index (step and multistep change at epoch boundaries, as PyTorch's per-epoch
/// schedulers do) and cosine uses the fractional epoch (per-iteration annealing).
/// </summary>
public static class LearningRate
{
    /// <param name="epochIndex">0-based epoch.</param>
    /// <param name="fraction">progress inside the epoch before this step, in [0, 1).</param>
    /// <param name="stepFraction">one step as a fraction of an epoch: warmup counts the current step as done,
    /// so its first step trains at lr / warmup_steps rather than at 0.</param>
    public static double At(Recipe recipe, int epochIndex, double fraction, double stepFraction = 0)
    {
        double t = epochIndex + fraction;
        double warmup = recipe.WarmupEpochs;
        if (warmup > 0 && t < warmup) return recipe.Lr * Math.Min(1, (t + stepFraction) / warmup);
        return recipe.Schedule switch
        {
            "constant" => recipe.Lr,
            "step" => recipe.Lr * Math.Pow(recipe.Gamma, epochIndex / recipe.StepSize),
            "multistep" => recipe.Lr * Math.Pow(recipe.Gamma, recipe.Milestones.Count(m => m <= epochIndex)),
            "cosine" => Cosine(recipe, t - warmup, recipe.Epochs - warmup),
            _ => throw new ArgumentException($"recipe: schedule '{recipe.Schedule}', allowed: {string.Join(", ", Recipe.Schedules)}"),
        };
    }

    private static double Cosine(Recipe recipe, double t, double total) =>
        total <= 0 ? recipe.Lr : recipe.Lr * 0.5 * (1 + Math.Cos(Math.PI * Math.Clamp(t / total, 0, 1)));
}
