namespace Ablation.Harness.Worker;

/// <summary>What a worker's exit code tells the scheduler (beyond 0 ok, 1 failed, 2 bad input).</summary>
public static class WorkerExit
{
    public const int Done = 0, Failed = 1, BadInput = 2, Interrupted = 3;

    /// <summary>Another live process holds the run's lock (a second sweep over the same results).</summary>
    public const int Busy = 75;
}
