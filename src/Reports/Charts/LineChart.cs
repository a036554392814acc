namespace Ablation.Reports.Charts;

/// <summary>A line with a shaded band (for example mean ± one standard deviation over seeds) at each x.</summary>
public sealed record BandSeries(string Name, IReadOnlyList<(double X, double Y, double Low, double High)> Points);

/// <summary>Lines with bands, one colour per series, legend on the right: training curves per configuration.</summary>
public sealed class LineChart
{
    public required string Title { get; init; }
    public required Axis X { get; init; }
    public required Axis Y { get; init; }
    public required IReadOnlyList<BandSeries> Series { get; init; }

    public string Render(double width = 600, double height = 400)
    {
        var pts = Series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.Y)).ToList();
        var xs = NiceScale.For(pts.Count > 0 ? pts.Min(p => p.X) : 0, pts.Count > 0 ? pts.Max(p => p.X) : 1, integer: X.Integer);
        var ys = ScatterChart.Fit(pts.Select(p => double.IsFinite(p.Low) ? p.Low : p.Y).Concat(pts.Select(p => double.IsFinite(p.High) ? p.High : p.Y)), Y);
        var f = new PlotFrame(width, height, Title, xs with { Min = X.Min ?? xs.Min, Max = X.Max ?? xs.Max }, ys,
            Series.Select((s, i) => (s.Name, Palette.Color(i))).ToList());
        f.DrawAxes(X, Y);
        for (int i = 0; i < Series.Count; i++)
        {
            var p = Series[i].Points.Where(q => double.IsFinite(q.Y)).OrderBy(q => q.X).ToList();
            var band = p.Where(q => double.IsFinite(q.Low) && double.IsFinite(q.High)).ToList();
            if (band.Count > 1)
                f.Svg.Polygon(band.Select(q => (f.X(q.X), f.ClampY(f.Y(q.High))))
                    .Concat(band.AsEnumerable().Reverse().Select(q => (f.X(q.X), f.ClampY(f.Y(q.Low))))), Palette.Color(i), 0.15);
            if (p.Count > 1) f.Svg.Polyline(p.Select(q => (f.X(q.X), f.Y(q.Y))), Palette.Color(i), 2);
            foreach (var q in p) f.Svg.Circle(f.X(q.X), f.Y(q.Y), 2.5, Palette.Color(i));
        }
        f.DrawLegend(lines: true);
        return f.Svg.ToString();
    }
}
