namespace Ablation.Reports.Charts;

/// <summary>One series of a bar chart: a value per category (NaN: no bar) and its error (for example a standard deviation).</summary>
public sealed record BarSeries(string Name, IReadOnlyList<double> Values, IReadOnlyList<double>? Errors = null);

/// <summary>
/// Grouped bars: one group per category, one bar per series, error bars, category labels below (rotated when
/// long). Bars start at zero unless <see cref="FromZero"/> is false (accuracy, where differences are small:
/// the axis then starts at a nice value below the data and says so in its title).
/// </summary>
public sealed class BarChart
{
    public required string Title { get; init; }
    public required Axis Y { get; init; }
    public required IReadOnlyList<string> Categories { get; init; }
    public required IReadOnlyList<BarSeries> Series { get; init; }
    public string XTitle { get; init; } = "";
    public bool FromZero { get; init; } = true;

    public string Render(double width = 600, double height = 400)
    {
        var lows = new List<double>();
        var highs = new List<double>();
        foreach (var s in Series)
            for (int i = 0; i < s.Values.Count; i++)
            {
                double e = s.Errors is { } errs && i < errs.Count && double.IsFinite(errs[i]) ? errs[i] : 0;
                if (!double.IsFinite(s.Values[i])) continue;
                lows.Add(s.Values[i] - e);
                highs.Add(s.Values[i] + e);
            }
        if (FromZero) { lows.Add(0); highs.Add(0); }
        var ys = ScatterChart.Fit(lows.Concat(highs), Y);
        if (FromZero && lows.Min() >= 0) ys = ys with { Min = 0 };

        double longest = Categories.Count == 0 ? 0 : Categories.Max(c => Svg.TextWidth(c, PlotFrame.TickSize));
        var legend = Series.Count > 1 ? Series.Select((s, i) => (s.Name, Palette.Color(i))).ToList() : [];
        // A first frame to learn the plot width, then rotate labels if they do not fit their group.
        double plotWidth = new PlotFrame(width, height, Title, new NiceScale(0, 1, 1), ys, legend).Right - 80;
        double groupWidth = plotWidth / Math.Max(1, Categories.Count);
        bool rotate = longest > groupWidth - 6;
        double extra = rotate ? Math.Clamp(longest * 0.58 - 24, 0, height * 0.3) : 0;   // sin 35° of the label, less the usual margin
        var f = new PlotFrame(width, height, Title, new NiceScale(0, Math.Max(1, Categories.Count), 1), ys, legend, extra);
        f.DrawAxes(new Axis(XTitle), Y, xTicks: false);

        double group = (f.Right - f.Left) / Math.Max(1, Categories.Count);
        double barWidth = group * 0.8 / Math.Max(1, Series.Count);
        double baseline = f.Y(Math.Max(ys.Min, Math.Min(0, ys.Max)));
        if (!FromZero) baseline = f.Bottom;
        for (int c = 0; c < Categories.Count; c++)
        {
            double gx = f.Left + c * group + group * 0.1;
            for (int s = 0; s < Series.Count; s++)
            {
                var series = Series[s];
                if (c >= series.Values.Count || !double.IsFinite(series.Values[c])) continue;
                double v = series.Values[c], x = gx + s * barWidth;
                double top = f.ClampY(f.Y(v));
                f.Svg.Rect(x + 1, Math.Min(top, baseline), barWidth - 2, Math.Abs(baseline - top), Palette.Color(s));
                if (series.Errors is { } errs && c < errs.Count && errs[c] > 0 && double.IsFinite(errs[c]))
                {
                    double cx = x + barWidth / 2, y0 = f.ClampY(f.Y(v - errs[c])), y1 = f.ClampY(f.Y(v + errs[c]));
                    f.Svg.Line(cx, y0, cx, y1, Palette.Axis, 1.2).Line(cx - 3, y0, cx + 3, y0, Palette.Axis, 1.2).Line(cx - 3, y1, cx + 3, y1, Palette.Axis, 1.2);
                }
            }
            double lx = f.Left + c * group + group / 2;
            if (rotate) f.Svg.Text(lx, f.Bottom + 14, Categories[c], "end", PlotFrame.TickSize, Palette.Text, rotate: -35);
            else f.Svg.Text(lx, f.Bottom + 16, Categories[c], "middle", PlotFrame.TickSize, Palette.Text);
        }
        if (ys.Min < 0 && ys.Max > 0) f.Svg.Line(f.Left, f.Y(0), f.Right, f.Y(0), Palette.Axis);
        f.DrawLegend();
        return f.Svg.ToString();
    }
}
