namespace Ablation.Torch.optim.lr_scheduler;

/// <summary>
/// lr = eta_min + (base_lr - eta_min) (1 + cos(pi t / T_max)) / 2, torch.optim.lr_scheduler.CosineAnnealingLR
/// (Loshchilov and Hutter 2017, "SGDR", without restarts); past T_max the cosine continues, as PyTorch's.
/// </summary>
public sealed record CosineAnnealingLR : ILrSchedule
{
    public CosineAnnealingLR(long T_max, double eta_min = 0)
    {
        if (T_max <= 0) throw new ArgumentException($"CosineAnnealingLR: T_max must be positive, got {T_max}");
        this.T_max = T_max;
        this.eta_min = eta_min;
    }

    public long T_max { get; }
    public double eta_min { get; }

    public double At(double base_lr, long t) => eta_min + (base_lr - eta_min) * (1 + Math.Cos(Math.PI * t / T_max)) / 2;
}
