namespace Ablation.Torch.optim.lr_scheduler;

/// <summary>
/// A learning-rate schedule as a pure function of the step count t (epochs or iterations: the unit is the
/// one the caller steps in), in the closed forms of torch.optim.lr_scheduler. Pure functions make a resumed
/// run exact: the only state is t. <see cref="LRScheduler"/> applies one to an optimizer's groups.
/// </summary>
public interface ILrSchedule
{
    /// <summary>The learning rate at step t for a group whose base (initial) learning rate is base_lr.</summary>
    double At(double base_lr, long t);
}
