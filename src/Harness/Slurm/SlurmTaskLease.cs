using System.Globalization;
using System.Runtime.InteropServices;
using Ablation.Harness.Runs;
using Ablation.Harness.Store;
using Ablation.Harness.Worker;
using Ablation.Reports.Schema;

namespace Ablation.Harness.Slurm;

/// <summary>
/// The worker's side of a Slurm array task (<c>ablate worker --manifest FILE</c>): which run it is (line
/// SLURM_ARRAY_TASK_ID of the manifest), the claim before training, and the requeue after SIGUSR2.
/// <list type="bullet">
/// <item>A run already done: exit 0 at once, nothing written.</item>
/// <item>A run another live task holds: exit <see cref="WorkerExit.Busy"/>, nothing written. A holder whose
/// job squeue no longer shows as live (cancelled, killed, its node died) does not count.</item>
/// <item>SIGUSR2 (<c>--signal=B:USR2@secs</c>, before the time limit or on preemption): the trainer stops at its
/// next step; the run is recorded interrupted with its last epoch checkpoint (a partly trained epoch is
/// redone: checkpoints are at epoch boundaries); then the task requeues itself (<c>scontrol requeue</c>)
/// and its next attempt (SLURM_RESTART_COUNT + 1) resumes from that checkpoint.</item>
/// </list>
/// </summary>
public sealed class SlurmTaskLease(SlurmTaskIdentity task, SlurmClient slurm) : IWorkerLease
{
    /// <summary>SIGUSR2 on Linux (PosixSignal has no name for it; raw numbers are allowed).</summary>
    public const PosixSignal SigUsr2 = (PosixSignal)12;

    private volatile bool _preempted;

    public IReadOnlyList<PosixSignal> StopSignals => [SigUsr2];

    public void StopSignalled(PosixSignal signal)
    {
        _preempted = true;
        Console.WriteLine($"SIGUSR2: job {task.JobId} is near its time limit or preempted: checkpointing, then requeueing");
    }

    public int? Claim(RunSpec spec, RunDirectory dir, IResultStore store)
    {
        if (store.GetRun(spec.RunId) is { Status: RunStatus.Done } || (string?)dir.ReadResult()?["status"] == RunStatus.Done)
        {
            Console.WriteLine($"run {spec.ShortId} is already done; task {task.JobId} exits");
            return WorkerExit.Done;
        }
        var claims = new SlurmClaims(store);
        var mine = new SlurmClaim(spec.RunId, spec.Experiment, task.JobId, task.ArrayJobId, task.ArrayIndex, task.Attempt,
            SlurmClaim.Claimed, task.Node, DateTimeOffset.UtcNow);
        var holder = claims.TryClaim(mine, other => slurm.Queue([other.ArrayJobId.ToString(CultureInfo.InvariantCulture)])
            .TryGetValue(other.JobId, out var state) && state.IsLive);
        if (holder is not null)
        {
            Console.Error.WriteLine($"run {spec.ShortId} is held by live job {holder.JobId} (attempt {holder.Attempt}); task {task.JobId} exits");
            return WorkerExit.Busy;
        }
        Console.WriteLine($"run {spec.ShortId} claimed by job {task.JobId}, attempt {task.Attempt}, on {task.Node}");
        return null;
    }

    public void Recorded(RunSpec spec, string status)
    {
        if (!_preempted || status != RunStatus.Interrupted) return;
        Console.WriteLine($"requeueing job {task.JobId}; its next attempt resumes run {spec.ShortId} from the last checkpoint");
        Console.Out.Flush();
        slurm.Requeue(task.JobId);   // Slurm ends this process and starts the task again later (same job id)
    }
}
