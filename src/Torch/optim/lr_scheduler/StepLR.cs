namespace Ablation.Torch.optim.lr_scheduler;

/// <summary>lr = base_lr * gamma^floor(t / step_size), torch.optim.lr_scheduler.StepLR.</summary>
public sealed record StepLR : ILrSchedule
{
    public StepLR(long step_size, double gamma = 0.1)
    {
        if (step_size <= 0) throw new ArgumentException($"StepLR: step_size must be positive, got {step_size}");
        this.step_size = step_size;
        this.gamma = gamma;
    }

    public long step_size { get; }
    public double gamma { get; }

    public double At(double base_lr, long t) => base_lr * Math.Pow(gamma, t / step_size);
}
