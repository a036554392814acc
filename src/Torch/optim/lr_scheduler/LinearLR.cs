namespace Ablation.Torch.optim.lr_scheduler;

/// <summary>
/// lr = base_lr * (start_factor + (end_factor - start_factor) min(t, total_iters) / total_iters),
/// torch.optim.lr_scheduler.LinearLR.
/// </summary>
public sealed record LinearLR : ILrSchedule
{
    public LinearLR(double start_factor = 1.0 / 3, double end_factor = 1.0, long total_iters = 5)
    {
        if (start_factor <= 0 || start_factor > 1 || end_factor < 0 || end_factor > 1)
            throw new ArgumentException($"LinearLR: start_factor must be in (0, 1] and end_factor in [0, 1], got {start_factor} and {end_factor}");
        if (total_iters <= 0) throw new ArgumentException($"LinearLR: total_iters must be positive, got {total_iters}");
        this.start_factor = start_factor;
        this.end_factor = end_factor;
        this.total_iters = total_iters;
    }

    public double start_factor { get; }
    public double end_factor { get; }
    public long total_iters { get; }

    public double At(double base_lr, long t) =>
        base_lr * (start_factor + (end_factor - start_factor) * Math.Min(t, total_iters) / total_iters);
}
