using Ablation.Reports.Schema;

namespace Ablation.Reports.Aggregation;

/// <summary>
/// One configuration over its seeds: how many runs are in each state, and the statistics of every
/// measurement over the <c>done</c> runs. Accuracies are fractions (as stored); <see cref="BestTop5"/>
/// comes from the epochs table (the schema keeps only the final top-5 per run). <see cref="Top1"/> and
/// <see cref="Top5"/> are a classifier's, <see cref="Map"/>, <see cref="Map50"/> and <see cref="Map75"/> a
/// detector's (each empty for the other task); <see cref="Primary"/> is the one <see cref="Metrics"/> names.
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

    /// <summary>The task of the runs, which names the primary metric (top-1 or mAP).</summary>
    public TaskMetrics Metrics { get; init; } = TaskMetrics.Classification;

    /// <summary>A detector's final-epoch validation COCO mAP at IoU 0.50:0.95, 0.50 and 0.75 (fractions), over the seeds.</summary>
    public Statistic Map { get; init; } = Statistic.Empty;

    public Statistic Map50 { get; init; } = Statistic.Empty;

    public Statistic Map75 { get; init; } = Statistic.Empty;

    /// <summary>A detector's best-epoch mAP (0.50:0.95) over the seeds: the epochs table's maximum, else the final value.</summary>
    public Statistic BestMap { get; init; } = Statistic.Empty;

    /// <summary>Mean per-class AP over the seeds (a detector's; empty otherwise), in category-id order.</summary>
    public IReadOnlyList<ClassAp> PerClassAp { get; init; } = [];

    /// <summary>The primary metric of the task (fractions): top-1, or mAP@0.5:0.95 for a detector.</summary>
    public Statistic Primary => Metrics.IsDetection ? Map : Top1;

    /// <summary>The primary metric at the best epoch.</summary>
    public Statistic BestPrimary => Metrics.IsDetection ? BestMap : BestTop1;

    /// <summary>The secondary metrics in the order of <see cref="TaskMetrics.SecondaryLabels"/>: top-5, or mAP50 and mAP75.</summary>
    public IReadOnlyList<Statistic> Secondary => Metrics.IsDetection ? [Map50, Map75] : [Top5];

    /// <summary>The primary metric (test top-1 or validation mAP) and train loss per epoch over the seeds (from the epochs table).</summary>
    public IReadOnlyList<CurvePoint> Curve { get; init; } = [];

    /// <summary>The 1-minute load average beside the throughput measurements, over the seeds.</summary>
    public Statistic LoadAvg { get; init; } = Statistic.Empty;

    /// <summary>How the throughput of the done runs was measured (<see cref="Schema.ThroughputMethods"/>): "bench", "wall" or both.</summary>
    public IReadOnlyList<string> ThroughputMethods { get; init; } = [];

    /// <summary>True when this configuration is the baseline of its group.</summary>
    public bool IsBaseline { get; init; }
}
