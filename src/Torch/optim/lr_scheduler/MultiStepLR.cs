namespace Ablation.Torch.optim.lr_scheduler;

/// <summary>lr = base_lr * gamma^(number of milestones &lt;= t), torch.optim.lr_scheduler.MultiStepLR.</summary>
public sealed record MultiStepLR : ILrSchedule
{
    public MultiStepLR(IEnumerable<long> milestones, double gamma = 0.1)
    {
        this.milestones = milestones.Order().ToArray();
        if (this.milestones.Any(m => m < 0)) throw new ArgumentException("MultiStepLR: milestones must be >= 0");
        this.gamma = gamma;
    }

    public IReadOnlyList<long> milestones { get; }
    public double gamma { get; }

    public double At(double base_lr, long t) => base_lr * Math.Pow(gamma, milestones.Count(m => m <= t));
}
