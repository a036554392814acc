namespace Ablation.Torch.optim.lr_scheduler;

/// <summary>
/// Applies an <see cref="ILrSchedule"/> to every parameter group of an optimizer, as torch.optim's
/// schedulers do: the base of each group is its <c>initial_lr</c> (set from its lr when first scheduled),
/// construction sets the lr of step 0, and each <see cref="Step"/> advances one unit (call it once per
/// epoch for per-epoch schedules, once per iteration with sizes in iterations for per-iteration ones).
/// <code>
/// var sched = new LRScheduler(opt, new LinearWarmup(5, 0.01, new CosineAnnealingLR(T_max: 95)));
/// for (...) { train one epoch; sched.Step(); }
/// </code>
/// </summary>
public sealed class LRScheduler
{
    private readonly Optimizer optimizer;

    public LRScheduler(Optimizer optimizer, ILrSchedule schedule, long last_epoch = 0)
    {
        this.optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        Schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));
        foreach (var g in optimizer.ParamGroups) g.initial_lr ??= g.lr;
        this.last_epoch = last_epoch;
        Apply();
    }

    public ILrSchedule Schedule { get; }

    /// <summary>Steps taken (PyTorch's name): 0 after construction.</summary>
    public long last_epoch { get; private set; }

    /// <summary>The learning rate of each group, as set by the last step.</summary>
    public IReadOnlyList<double> get_last_lr() => optimizer.ParamGroups.Select(g => g.lr).ToArray();

    public void Step()
    {
        last_epoch++;
        Apply();
    }

    /// <summary>Resumes at a step count (from a checkpoint) and sets the learning rates of that step.</summary>
    public void Resume(long last_epoch)
    {
        if (last_epoch < 0) throw new ArgumentException($"LRScheduler: last_epoch must be >= 0, got {last_epoch}");
        this.last_epoch = last_epoch;
        Apply();
    }

    private void Apply()
    {
        foreach (var g in optimizer.ParamGroups) g.lr = Schedule.At(g.initial_lr!.Value, last_epoch);
    }
}
