namespace Ablation.Reports.Aggregation;

/// <summary>
/// Summary of one measurement over seeds: n, mean, sample standard deviation (n - 1 denominator, NaN
/// for n &lt; 2), min, max. Empty when no run measured it (n = 0, every value NaN).
/// </summary>
public sealed record Statistic(int N, double Mean, double Std, double Min, double Max)
{
    public static readonly Statistic Empty = new(0, double.NaN, double.NaN, double.NaN, double.NaN);

    /// <summary>Describes the non-null, finite values; null and NaN values (runs that did not measure it) are skipped.</summary>
    public static Statistic Of(IEnumerable<double?> values)
    {
        var xs = values.Where(v => v is { } d && double.IsFinite(d)).Select(v => v!.Value).ToArray();
        if (xs.Length == 0) return Empty;
        double mean = xs.Average();
        double std = xs.Length < 2 ? double.NaN : Math.Sqrt(xs.Sum(x => (x - mean) * (x - mean)) / (xs.Length - 1));
        return new Statistic(xs.Length, mean, std, xs.Min(), xs.Max());
    }

    public static Statistic Of(IEnumerable<double> values) => Of(values.Select(v => (double?)v));

    /// <summary>Standard error of the mean, s / sqrt(n); NaN for n &lt; 2.</summary>
    public double StandardError => N < 2 ? double.NaN : Std / Math.Sqrt(N);

    /// <summary>The same statistic in another unit (for example fractions to percent).</summary>
    public Statistic Scale(double factor) => new(N, Mean * factor, Std * Math.Abs(factor),
        factor >= 0 ? Min * factor : Max * factor, factor >= 0 ? Max * factor : Min * factor);
}
