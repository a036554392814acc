using Ablation.Reports.Aggregation;

namespace Ablation.Reports.Compare;

/// <summary>
/// What the regression gate compares per configuration: final top-1 in percent over seeds, and the means of
/// params, MACs per image, train/inference images per second and peak memory (bytes). Built from a store
/// (<see cref="FromSummary"/>) or read from a summary.csv.
/// </summary>
public sealed record ConfigurationMeasures(
    ConfigurationKey Key,
    Statistic Top1Pct,
    double Params,
    double Macs,
    double TrainImgS,
    double InferImgS,
    double PeakMemBytes)
{
    public static ConfigurationMeasures FromSummary(ConfigurationSummary s) =>
        new(s.Key, s.Top1.Scale(100), s.Params.Mean, s.Macs.Mean, s.TrainImgS.Mean, s.InferImgS.Mean, s.PeakMemBytes.Mean);
}
