using Ablation.Reports.Schema;

namespace Ablation.Reports.Aggregation;

/// <summary>
/// One configuration over its seeds: how many runs are in each state, and the statistics of every
/// measurement over the <c>done</c> runs. Accuracies are fractions (as stored); <see cref="BestTop5"/>
/// comes from the epochs table (the schema keeps only the final top-5 per run).
/// </summary>
public sealed record ConfigurationSummary(
    ConfigurationKey Key,
    int Runs,
    int Done,
    int Failed,
    IReadOnlyList<long> Seeds,
    Statistic Top1,
    Statistic Top5,
    Statistic BestTop1,
    Statistic BestTop5,
    Statistic Params,
    Statistic Macs,
    Statistic TrainImgS,
    Statistic InferImgS,
    Statistic PeakMemBytes,
    Statistic WallS,
    IReadOnlyList<string> CodeVersions,
    IReadOnlyList<string> Devices,
    IReadOnlyList<RunRecord> DoneRuns)
{
    /// <summary>Set by <see cref="Aggregator"/> when the matrix has a baseline and this is not it.</summary>
    public BaselineDelta? Delta { get; init; }

    /// <summary>Test top-1 and train loss per epoch over the seeds (from the epochs table).</summary>
    public IReadOnlyList<CurvePoint> Curve { get; init; } = [];

    /// <summary>The 1-minute load average beside the throughput measurements, over the seeds.</summary>
    public Statistic LoadAvg { get; init; } = Statistic.Empty;

    /// <summary>How the throughput of the done runs was measured (<see cref="Schema.ThroughputMethods"/>): "bench", "wall" or both.</summary>
    public IReadOnlyList<string> ThroughputMethods { get; init; } = [];

    /// <summary>True when this configuration is the baseline of its group.</summary>
    public bool IsBaseline { get; init; }
}
