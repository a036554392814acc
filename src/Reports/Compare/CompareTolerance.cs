using System.Globalization;

namespace Ablation.Reports.Compare;

/// <summary>
/// How much change the regression gate lets through. Accuracy (the primary metric, top-1 or mAP, in percent): a drop counts when it exceeds both
/// <see cref="AccuracyPp"/> and <see cref="SpreadSigmas"/> standard errors of the difference
/// (sqrt(s_b²/n_b + s_c²/n_c), the seeds' spread); params and MACs: any relative change above
/// <see cref="ParamsRel"/>/<see cref="MacsRel"/> (0: any change); throughput and memory: relative changes
/// beyond the noise thresholds.
/// </summary>
public sealed record CompareTolerance(
    double AccuracyPp = 1.0,
    double SpreadSigmas = 2.0,
    double ParamsRel = 0,
    double MacsRel = 0,
    double ThroughputRel = 0.10,
    double MemoryRel = 0.10)
{
    public static readonly CompareTolerance Default = new();

    public static readonly string[] Names = ["accuracy", "spread", "params", "macs", "throughput", "memory"];

    /// <summary>
    /// Applies <c>name=value</c> settings (several per argument, comma separated): <c>accuracy=0.5</c> (pp),
    /// <c>spread=3</c> (standard errors), <c>params=0</c>, <c>macs=0.001</c>, <c>throughput=15%</c> or <c>0.15</c>,
    /// <c>memory=10%</c>. Throws <see cref="ArgumentException"/> naming the bad setting.
    /// </summary>
    public CompareTolerance With(IEnumerable<string> settings)
    {
        var t = this;
        foreach (var setting in settings.SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            int eq = setting.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"--tolerance: '{setting}' is not name=value; names: {string.Join(", ", Names)}");
            var name = setting[..eq].Trim().ToLowerInvariant();
            var text = setting[(eq + 1)..].Trim();
            bool percent = text.EndsWith('%');
            if (!double.TryParse(percent ? text[..^1] : text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || !double.IsFinite(value))
                throw new ArgumentException($"--tolerance: {name}: '{text}' is not a non-negative number");
            double rel = percent ? value / 100 : value;
            t = name switch
            {
                "accuracy" => t with { AccuracyPp = value },
                "spread" => t with { SpreadSigmas = value },
                "params" => t with { ParamsRel = rel },
                "macs" => t with { MacsRel = rel },
                "throughput" => t with { ThroughputRel = rel },
                "memory" => t with { MemoryRel = rel },
                _ => throw new ArgumentException($"--tolerance: unknown name '{name}'; names: {string.Join(", ", Names)}"),
            };
        }
        return t;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"accuracy={AccuracyPp}pp spread={SpreadSigmas}se params={ParamsRel * 100:0.###}% macs={MacsRel * 100:0.###}% throughput={ThroughputRel * 100:0.###}% memory={MemoryRel * 100:0.###}%");
}
