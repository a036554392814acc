namespace Ablation.Reports.Charts;

/// <summary>
/// Points with error bars, one colour per series, optional point labels and the Pareto front (dashed line,
/// ringed points) of quality (y, higher is better) against cost (x). Used for accuracy vs MACs and vs throughput.
/// </summary>
public sealed class ScatterChart
{
    public required string Title { get; init; }
    public required Axis X { get; init; }
    public required Axis Y { get; init; }
    public required IReadOnlyList<ChartSeries> Series { get; init; }
    public bool ShowParetoFront { get; init; } = true;
    /// <summary>True when a smaller x is better (MACs); false when a larger x is (throughput).</summary>
    public bool LowerXIsBetter { get; init; } = true;
    public bool LabelPoints { get; init; } = true;

    public string Render(double width = 600, double height = 400)
    {
        var points = Series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        var xs = Fit(points.Select(p => p.X - p.XError).Concat(points.Select(p => p.X + p.XError)), X);
        var ys = Fit(points.Select(p => p.Y - p.YError).Concat(points.Select(p => p.Y + p.YError)), Y);
        var legend = Series.Select((s, i) => (s.Name, Palette.Color(i))).ToList();
        if (ShowParetoFront && points.Count > 1) legend.Add(("Pareto front", Palette.Muted));
        var f = new PlotFrame(width, height, Title, xs, ys, legend);
        f.DrawAxes(X, Y);
        if (points.Count == 0) f.Svg.Text((f.Left + f.Right) / 2, (f.Top + f.Bottom) / 2, "no measurements", "middle", 12, Palette.Muted);

        if (ShowParetoFront && points.Count > 1)
        {
            var front = ParetoFront.Of(points, LowerXIsBetter);
            f.Svg.Polyline(front.Select(p => (f.X(p.X), f.Y(p.Y))), Palette.Muted, 1.5, "5 4");
            foreach (var p in front) f.Svg.Circle(f.X(p.X), f.Y(p.Y), 8, "none", Palette.Muted, 1.5);
        }
        for (int i = 0; i < Series.Count; i++)
        {
            var color = Palette.Color(i);
            foreach (var p in Series[i].Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)))
            {
                double px = f.X(p.X), py = f.Y(p.Y);
                if (p.YError > 0)
                {
                    double y0 = f.ClampY(f.Y(p.Y - p.YError)), y1 = f.ClampY(f.Y(p.Y + p.YError));
                    f.Svg.Line(px, y0, px, y1, color, 1.5).Line(px - 4, y0, px + 4, y0, color, 1.5).Line(px - 4, y1, px + 4, y1, color, 1.5);
                }
                if (p.XError > 0)
                {
                    double x0 = f.ClampX(f.X(p.X - p.XError)), x1 = f.ClampX(f.X(p.X + p.XError));
                    f.Svg.Line(x0, py, x1, py, color, 1.5).Line(x0, py - 4, x0, py + 4, color, 1.5).Line(x1, py - 4, x1, py + 4, color, 1.5);
                }
                f.Svg.Circle(px, py, 4.5, color, "#ffffff", 1);
                if (LabelPoints && p.Label is not null)
                {
                    bool leftSide = px > (f.Left + f.Right) / 2;
                    f.Svg.Text(px + (leftSide ? -9 : 9), py - 7, p.Label, leftSide ? "end" : "start", 10.5, Palette.Text);
                }
            }
        }
        f.DrawLegend();
        return f.Svg.ToString();
    }

    internal static NiceScale Fit(IEnumerable<double> values, Axis axis)
    {
        var v = values.Where(double.IsFinite).ToList();
        double lo = axis.Min ?? (v.Count > 0 ? v.Min() : 0), hi = axis.Max ?? (v.Count > 0 ? v.Max() : 1);
        if (axis.Min is null && axis.Max is null && v.Count > 0)
        {
            double pad = (hi - lo) * 0.06;
            (lo, hi) = (lo - pad, hi + pad);
        }
        var s = NiceScale.For(lo, hi, integer: axis.Integer);
        return new NiceScale(axis.Min ?? s.Min, axis.Max ?? s.Max, s.Step);
    }
}
