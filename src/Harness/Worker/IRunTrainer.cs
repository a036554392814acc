using Ablation.Experiments.Training;
using Ablation.Harness.Runs;

namespace Ablation.Harness.Worker;

/// <summary>
/// The training a worker process runs for one run: the trainer, built from the run's spec, resuming from
/// the checkpoints in the run folder, reporting to <paramref name="observer"/>, stopping after a checkpoint
/// when <paramref name="stop"/> is cancelled.
/// </summary>
public interface IRunTrainer
{
    RunResult Train(RunSpec spec, RunDirectory dir, string device, int threads, ITrainingObserver observer, CancellationToken stop);
}
