using ScottPlot;

namespace Ablation.Reports.Charts;

/// <summary>A line with a shaded band (for example mean ± one standard deviation over seeds) at each x.</summary>
public sealed record BandSeries(string Name, IReadOnlyList<(double X, double Y, double Low, double High)> Points);

/// <summary>Lines with bands, one colour per series, legend on the right: training curves per configuration.</summary>
public sealed class LineChart : IChart
{
    public required string Title { get; init; }
    public required Axis X { get; init; }
    public required Axis Y { get; init; }
    public required IReadOnlyList<BandSeries> Series { get; init; }

    /// <summary>Opacity of a band, so that overlapping bands stay readable.</summary>
    public const double BandAlpha = 0.18;

    public Plot ToPlot(FigureSize size)
    {
        var plt = ChartStyle.NewPlot();
        plt.Title(Title);
        plt.XLabel(X.Label);
        plt.YLabel(Y.Label);
        var pts = Series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.Y)).ToList();
        var xs = NiceScale.For(pts.Count > 0 ? pts.Min(p => p.X) : 0, pts.Count > 0 ? pts.Max(p => p.X) : 1, integer: X.Integer);
        xs = xs with { Min = X.Min ?? xs.Min, Max = X.Max ?? xs.Max };
        var ys = NiceScale.Fit(pts.Select(p => double.IsFinite(p.Low) ? p.Low : p.Y).Concat(pts.Select(p => double.IsFinite(p.High) ? p.High : p.Y)), Y);
        for (int i = 0; i < Series.Count; i++)
        {
            var color = Palette.Of(i);
            var p = Series[i].Points.Where(q => double.IsFinite(q.Y)).OrderBy(q => q.X).ToList();
            var band = p.Where(q => double.IsFinite(q.Low) && double.IsFinite(q.High)).ToList();
            if (band.Count > 1)
            {
                var fill = plt.Add.FillY(band.Select(q => q.X).ToArray(), band.Select(q => q.Low).ToArray(), band.Select(q => q.High).ToArray());
                fill.FillColor = color.WithAlpha(BandAlpha);
                fill.LineWidth = 0;
                fill.MarkerShape = MarkerShape.None;
            }
            if (p.Count == 0) continue;
            var line = plt.Add.ScatterLine(p.Select(q => q.X).ToArray(), p.Select(q => q.Y).ToArray(), color);
            line.LineWidth = 2;
            line.MarkerShape = MarkerShape.FilledCircle;
            line.MarkerSize = 5;
        }
        ChartStyle.ShowLegend(plt, Series.Select((s, i) => ChartStyle.LineItem(s.Name, Palette.Of(i), LinePattern.Solid)));
        plt.Axes.SetLimits(xs.Min, xs.Max, ys.Min, ys.Max);
        ChartStyle.SetTicks(plt.Axes.Bottom, xs);
        ChartStyle.SetTicks(plt.Axes.Left, ys);
        return plt;
    }
}
