namespace Ablation.Reports.Aggregation;

/// <summary>
/// A configuration against its baseline, in the units a paper prints: params in thousands, MACs in
/// millions, time in percent (time per image, from throughput: base_img_s / img_s - 1), accuracy in
/// percentage points; Welch's test of the difference of the final primary metric (top-1, or mAP for a detector;
/// in percentage points), and of the
/// training and inference throughput differences (img/s), so that a throughput difference that lies within
/// the spread over seeds is marked like an accuracy difference.
/// </summary>
public sealed record BaselineDelta(
    ConfigurationKey Baseline,
    double ParamsK,
    double MacsM,
    double TrainTimePct,
    double InferTimePct,
    double PeakMemPct,
    double PrimaryPp,
    double BestPrimaryPp,
    WelchTest PrimaryTest)
{
    /// <summary>Welch's test of the training throughput (img/s) against the baseline's; undefined when not set.</summary>
    public WelchTest TrainThroughputTest { get; init; } = WelchTest.Undefined("not measured");

    /// <summary>Welch's test of the inference throughput (img/s) against the baseline's.</summary>
    public WelchTest InferThroughputTest { get; init; } = WelchTest.Undefined("not measured");

    /// <summary>Why the training time difference is not to be trusted, or null when significant (see <see cref="Flag"/>).</summary>
    public string? TrainTimeFlag => FlagOf(TrainThroughputTest);

    public string? InferTimeFlag => FlagOf(InferThroughputTest);

    /// <summary>Why the primary metric's difference is not to be trusted ("n < 2", "zero variance", "not significant"), or null when significant.</summary>
    public string? Flag => FlagOf(PrimaryTest);

    private static string? FlagOf(WelchTest t) => t.Significant ? null : t.UndefinedReason ?? "not significant";
}
