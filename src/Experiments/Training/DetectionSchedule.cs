namespace Ablation.Experiments.Training;

/// <summary>
/// YOLOv5 train.py's learning rate, momentum and accumulation as pure functions of the iteration, so a resumed
/// run needs no scheduler state. The epoch factor lf(e): linear <c>(1 - e / epochs)(1 - lrf) + lrf</c>, or
/// one_cycle <c>((1 - cos(e π / epochs)) / 2)(lrf - 1) + 1</c> (utils/general.py). Warm-up over
/// <c>nw = max(round(warmup_epochs · nb), 100)</c> iterations interpolates (np.interp) each group's lr from
/// 0 (from warmup_bias_lr for the bias group, group 0) to lr0 · lf(e), momentum from warmup_momentum to
/// momentum, and accumulate from 1 to nbs / batch (rounded).
/// <para>Schedule <c>yolox</c>: YOLOX's yolox_warm_cos_lr (yolox/utils/lr_scheduler.py, release 0.3.0), evaluated
/// for iteration it = ni + 1 as its trainer does (update_lr(progress_in_iter + 1) before each step), with
/// lr = lr0 · batch / nbs, W = warmup_epochs · steps and Q = close_mosaic · steps iterations of T:
/// lr (it / W)^2 while it &lt;= W; lr · lrf once it &gt;= T - Q; between them
/// lr · lrf + (lr - lr · lrf)(1 + cos(π (it - W) / (T - W - Q))) / 2. Every group alike, constant momentum,
/// no accumulation.</para>
/// </summary>
public sealed class DetectionSchedule
{
    private readonly DetectionRecipe recipe;

    public DetectionSchedule(DetectionRecipe recipe, int stepsPerEpoch)
    {
        this.recipe = recipe;
        StepsPerEpoch = stepsPerEpoch;
        WarmupIterations = recipe.IsYolox ? (int)Math.Round(recipe.WarmupEpochs * stepsPerEpoch, MidpointRounding.ToEven)
            : recipe.WarmupEpochs > 0 ? Math.Max((int)Math.Round(recipe.WarmupEpochs * stepsPerEpoch, MidpointRounding.ToEven), 100) : 0;
    }

    public int StepsPerEpoch { get; }
    public int WarmupIterations { get; }

    /// <summary>lf(epoch), epoch 0-based.</summary>
    public double Factor(int epoch) => recipe.Schedule == "cosine"
        ? (1 - Math.Cos(epoch * Math.PI / recipe.Epochs)) / 2 * (recipe.Lrf - 1) + 1
        : (1 - epoch / (double)recipe.Epochs) * (1.0 - recipe.Lrf) + recipe.Lrf;

    private static double Interp(double x, double x1, double y0, double y1) => x >= x1 ? y1 : y0 + (y1 - y0) * Math.Max(0, x) / x1;

    /// <summary>The lr of parameter group <paramref name="group"/> (0 biases, 1 weights with decay, 2 BN weights) at iteration ni of epoch.</summary>
    public double Lr(int group, int epoch, long ni)
    {
        if (recipe.IsYolox) return YoloxLr(ni + 1);
        double target = recipe.Lr0 * Factor(epoch);
        return ni < WarmupIterations ? Interp(ni, WarmupIterations, group == 0 ? recipe.WarmupBiasLr : 0.0, target) : target;
    }

    /// <summary>yolox_warm_cos_lr at iteration <paramref name="it"/> (1-based).</summary>
    private double YoloxLr(long it)
    {
        double lr = recipe.BaseLr, min = lr * recipe.Lrf;
        long total = (long)recipe.Epochs * StepsPerEpoch, noAug = (long)recipe.CloseMosaic * StepsPerEpoch, warm = WarmupIterations;
        if (it <= warm) return lr * Math.Pow(it / (double)warm, 2);
        if (it >= total - noAug) return min;
        return min + 0.5 * (lr - min) * (1.0 + Math.Cos(Math.PI * (it - warm) / (total - warm - noAug)));
    }

    public double Momentum(long ni) =>
        recipe.IsYolox ? recipe.Momentum :
        ni < WarmupIterations ? Interp(ni, WarmupIterations, recipe.WarmupMomentum, recipe.Momentum) : recipe.Momentum;

    /// <summary>Steps summed per optimizer step at iteration ni.</summary>
    public int Accumulate(long ni) => recipe.IsYolox ? 1 : ni < WarmupIterations
        ? Math.Max(1, (int)Math.Round(Interp(ni, WarmupIterations, 1, recipe.Nbs / (double)recipe.Batch), MidpointRounding.ToEven))
        : recipe.Accumulate;
}
