namespace Ablation.Torch.optim.lr_scheduler;

/// <summary>lr = base_lr at every step (the schedule "constant", or what a warmup hands over to).</summary>
public sealed record ConstantSchedule : ILrSchedule
{
    public double At(double base_lr, long t) => base_lr;
}
