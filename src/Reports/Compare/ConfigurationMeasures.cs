using Ablation.Reports.Aggregation;

namespace Ablation.Reports.Compare;

/// <summary>
/// What the regression gate compares per configuration: the final primary metric (top-1, or a detector's
/// mAP@0.5:0.95: <see cref="Metrics"/>) in percent over seeds, and the means of
/// params, MACs per image, train/inference images per second and peak memory (bytes). Built from a store
/// (<see cref="FromSummary"/>) or read from a summary.csv.
/// </summary>
public sealed record ConfigurationMeasures(
    ConfigurationKey Key,
    Statistic PrimaryPct,
    double Params,
    double Macs,
    double TrainImgS,
    double InferImgS,
    double PeakMemBytes)
{
    /// <summary>Which metric <see cref="PrimaryPct"/> is.</summary>
    public TaskMetrics Metrics { get; init; } = TaskMetrics.Classification;

    public static ConfigurationMeasures FromSummary(ConfigurationSummary s) =>
        new(s.Key, s.Primary.Scale(100), s.Params.Mean, s.Macs.Mean, s.TrainImgS.Mean, s.InferImgS.Mean, s.PeakMemBytes.Mean) { Metrics = s.Metrics };
}
