namespace Ablation.Reports.Charts;

/// <summary>
/// Axis ranges and tick steps that read well (1, 2 or 5 times a power of ten), after P. S. Heckbert,
/// "Nice numbers for graph labels", Graphics Gems, 1990: range = nice(max - min), step = nice(range / (ticks - 1),
/// rounded), and the range widened to whole steps.
/// </summary>
public sealed record NiceScale(double Min, double Max, double Step)
{
    public static NiceScale For(double min, double max, int maxTicks = 6, bool integer = false)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max)) (min, max) = (0, 1);
        if (min > max) (min, max) = (max, min);
        if (max - min < 1e-12 * Math.Max(1, Math.Abs(max)))
        {
            double pad = min == 0 ? 1 : Math.Abs(min) * 0.1;
            (min, max) = (min - pad, max + pad);
        }
        double range = NiceNumber(max - min, round: false);
        double step = NiceNumber(range / Math.Max(1, maxTicks - 1), round: true);
        if (integer) step = Math.Max(1, Math.Round(step));
        // The small slack keeps 0.0407 / 0.0001 = 406.99999999999994 from flooring to 406.
        return new NiceScale(Math.Floor(min / step + 1e-6) * step, Math.Ceiling(max / step - 1e-6) * step, step);
    }

    /// <summary>
    /// The scale of an axis over some values: the axis's fixed bounds where it has them, otherwise the data
    /// padded by 6% on each side and widened to nice steps.
    /// </summary>
    public static NiceScale Fit(IEnumerable<double> values, Axis axis)
    {
        var v = values.Where(double.IsFinite).ToList();
        double lo = axis.Min ?? (v.Count > 0 ? v.Min() : 0), hi = axis.Max ?? (v.Count > 0 ? v.Max() : 1);
        if (axis.Min is null && axis.Max is null && v.Count > 0)
        {
            double pad = (hi - lo) * 0.06;
            (lo, hi) = (lo - pad, hi + pad);
        }
        var s = For(lo, hi, integer: axis.Integer);
        return new NiceScale(axis.Min ?? s.Min, axis.Max ?? s.Max, s.Step);
    }

    /// <summary>The tick values from <see cref="Min"/> to <see cref="Max"/>.</summary>
    public IReadOnlyList<double> Ticks()
    {
        var ticks = new List<double>();
        int count = (int)Math.Round((Max - Min) / Step);
        for (int i = 0; i <= count; i++)
        {
            double v = Min + i * Step;
            ticks.Add(Math.Abs(v) < Step * 1e-9 ? 0 : v);
        }
        return ticks;
    }

    /// <summary>Decimals that show every tick distinctly: 0 for steps ≥ 1, 1 for 0.5 or 0.2, 2 for 0.05, ...</summary>
    public int Decimals => Step >= 1 ? 0 : (int)Math.Ceiling(-Math.Log10(Step) - 1e-9);

    private static double NiceNumber(double x, bool round)
    {
        double exp = Math.Floor(Math.Log10(x));
        double f = x / Math.Pow(10, exp) - 1e-9;   // 0.0412 - 0.0407 is 5.00000000000004e-4: still a 5
        double nice = round
            ? (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10)
            : (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10);
        return nice * Math.Pow(10, exp);
    }
}
