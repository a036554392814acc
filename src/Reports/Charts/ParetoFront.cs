namespace Ablation.Reports.Charts;

/// <summary>
/// The points no other point beats on both cost and quality: p is on the front unless some q is at least as
/// good on both axes and better on one. Quality is y (higher is better); cost is x, lower or higher better.
/// </summary>
public static class ParetoFront
{
    public static IReadOnlyList<ChartPoint> Of(IEnumerable<ChartPoint> points, bool lowerXIsBetter = true)
    {
        var all = points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        bool Better(double a, double b) => lowerXIsBetter ? a < b : a > b;
        bool Dominates(ChartPoint q, ChartPoint p) =>
            !Better(p.X, q.X) && q.Y >= p.Y && (Better(q.X, p.X) || q.Y > p.Y);
        return all.Where(p => !all.Any(q => Dominates(q, p))).OrderBy(p => p.X).ToList();
    }
}
