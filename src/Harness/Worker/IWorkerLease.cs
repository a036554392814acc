using System.Runtime.InteropServices;
using Ablation.Harness.Runs;
using Ablation.Harness.Store;

namespace Ablation.Harness.Worker;

/// <summary>
/// What a worker started by a cluster scheduler does beyond training one run (the local executor needs none
/// of it: its scheduler process owns the run). <see cref="Slurm.SlurmTaskLease"/> is the Slurm one.
/// </summary>
public interface IWorkerLease
{
    /// <summary>
    /// Claims the run in the store before the worker writes anything. Null: the run is ours, train it. Otherwise
    /// the exit code to end with at once: <see cref="WorkerExit.Done"/> when the run is already done,
    /// <see cref="WorkerExit.Busy"/> when a live job holds it.
    /// </summary>
    int? Claim(RunSpec spec, RunDirectory dir, IResultStore store);

    /// <summary>Signals that mean "checkpoint and stop" beyond SIGINT and SIGTERM (Slurm: SIGUSR2 before a limit).</summary>
    IReadOnlyList<PosixSignal> StopSignals { get; }

    /// <summary>Called from the signal handler when one of <see cref="StopSignals"/> arrives.</summary>
    void StopSignalled(PosixSignal signal);

    /// <summary>Called once the run's outcome is in result.json and the store (Slurm: requeue after USR2).</summary>
    void Recorded(RunSpec spec, string status);
}
