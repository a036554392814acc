namespace Ablation.Experiments.Training;

/// <summary>How a run ended.</summary>
public enum RunStatus { Done, Failed, Interrupted }

/// <summary>
/// The outcome of a run (DESIGN.md section 6 <c>runs</c> metrics and the JSON of <c>ablate train --json</c>):
/// final and best top-1/top-5 on the test split (fractions), train and inference images per second, peak
/// memory, params, MACs (one image at the data set's input size), and every epoch. A failed run
/// (NaN/inf loss, an exception) keeps the epochs it finished and says why in <see cref="Error"/>.
/// </summary>
public sealed record RunResult
{
    public RunStatus Status { get; init; }
    public string? Error { get; init; }
    public double? Top1 { get; init; }
    public double? Top5 { get; init; }
    public double? BestTop1 { get; init; }
    public double? BestTop5 { get; init; }
    public int EpochsDone { get; init; }
    public double TrainImagesPerSecond { get; init; }
    public double InferImagesPerSecond { get; init; }
    public long PeakMemoryBytes { get; init; }
    /// <summary>What <see cref="PeakMemoryBytes"/> measured: <c>vmhwm</c> (peak resident set of the process), <c>nvml</c> (GPU memory the process holds) or <c>unavailable</c>.</summary>
    public string? PeakMemorySource { get; init; }
    public long Params { get; init; }
    public long Macs { get; init; }
    /// <summary>Wall time of this process's part of the run plus that of the runs it resumed.</summary>
    public double WallSeconds { get; init; }
    /// <summary>
    /// The end-of-run throughput benchmark, when the trainer ran one; its numbers then replace
    /// <see cref="TrainImagesPerSecond"/> and <see cref="InferImagesPerSecond"/> in the store.
    /// </summary>
    public ThroughputBenchmark? Benchmark { get; init; }
    public IReadOnlyList<EpochResult> Epochs { get; init; } = Array.Empty<EpochResult>();
}
