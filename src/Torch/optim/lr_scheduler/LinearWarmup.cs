namespace Ablation.Torch.optim.lr_scheduler;

/// <summary>
/// Linear warmup in front of any schedule (Goyal et al. 2017, "Accurate, Large Minibatch SGD"): for
/// t &lt; warmup_iters, lr = base_lr (start_factor + (1 - start_factor) t / warmup_iters); from then on the
/// <paramref name="then"/> schedule, counted from the end of the warmup. The same values as PyTorch's
/// SequentialLR([LinearLR(start_factor, total_iters=warmup_iters), then], milestones=[warmup_iters]).
/// </summary>
public sealed record LinearWarmup : ILrSchedule
{
    public LinearWarmup(long warmup_iters, double start_factor, ILrSchedule then)
    {
        if (warmup_iters < 0) throw new ArgumentException($"LinearWarmup: warmup_iters must be >= 0, got {warmup_iters}");
        if (start_factor <= 0 || start_factor > 1) throw new ArgumentException($"LinearWarmup: start_factor must be in (0, 1], got {start_factor}");
        this.warmup_iters = warmup_iters;
        this.start_factor = start_factor;
        this.then = then ?? throw new ArgumentNullException(nameof(then));
    }

    public long warmup_iters { get; }
    public double start_factor { get; }
    public ILrSchedule then { get; }

    public double At(double base_lr, long t) =>
        t < warmup_iters
            ? base_lr * (start_factor + (1 - start_factor) * t / warmup_iters)
            : then.At(base_lr, t - warmup_iters);
}
