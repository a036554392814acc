namespace Ablation.Reports.Aggregation;

/// <summary>
/// A configuration against its baseline, in the units a paper prints: params in thousands, MACs in
/// millions, time in percent (time per image, from throughput: base_img_s / img_s - 1), accuracy in
/// percentage points; and Welch's test of the final top-1 difference (in percentage points).
/// </summary>
public sealed record BaselineDelta(
    ConfigurationKey Baseline,
    double ParamsK,
    double MacsM,
    double TrainTimePct,
    double InferTimePct,
    double PeakMemPct,
    double Top1Pp,
    double BestTop1Pp,
    WelchTest Top1Test)
{
    /// <summary>Why the difference is not to be trusted ("n < 2", "zero variance", "not significant"), or null when significant.</summary>
    public string? Flag => Top1Test.Significant ? null : Top1Test.UndefinedReason ?? "not significant";
}
