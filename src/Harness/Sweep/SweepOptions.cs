namespace Ablation.Harness.Sweep;

/// <summary>
/// How `ablate run` schedules: devices and concurrent workers, retries, the per-run time limit, and where
/// results go. <see cref="Jobs"/> workers share <see cref="Devices"/> round-robin; CPU threads are divided
/// evenly between the workers that run on the CPU.
/// </summary>
public sealed record SweepOptions
{
    public IReadOnlyList<string> Devices { get; init; } = ["cpu"];
    public int Jobs { get; init; } = 1;
    public int Retries { get; init; }
    public bool RetryFailed { get; init; }
    public TimeSpan? Timeout { get; init; }
    public required string ResultsDir { get; init; }
    public required string StoreLocation { get; init; }
    /// <summary>CPU threads for all workers together (default: every core).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>The device of each worker slot.</summary>
    public IReadOnlyList<string> Slots() => Enumerable.Range(0, Math.Max(1, Jobs)).Select(i => Devices[i % Devices.Count]).ToList();

    /// <summary>libtorch threads for a worker on <paramref name="device"/> when <paramref name="cpuWorkers"/> share the CPU.</summary>
    public int ThreadsFor(string device, int cpuWorkers) =>
        device == "cpu" ? Math.Max(1, Threads / Math.Max(1, cpuWorkers)) : Math.Max(1, Threads / Math.Max(1, Jobs));
}
