using Ablation.Harness.Spec;

namespace Ablation.Harness.Sweep;

/// <summary>
/// How the runs of a plan get trained, each in its own `ablate worker` process, recording into the store:
/// <see cref="SweepScheduler"/> starts workers on this machine's devices; <see cref="Slurm.SlurmExecutor"/>
/// submits them as Slurm job arrays and follows them. Both skip runs already done.
/// </summary>
public interface ISweepExecutor
{
    SweepSummary Run(MatrixPlan plan);
}
