using ScottPlot;

namespace Ablation.Reports.Charts;

/// <summary>One series of a bar chart: a value per category (NaN: no bar) and its error (for example a standard deviation).</summary>
public sealed record BarSeries(string Name, IReadOnlyList<double> Values, IReadOnlyList<double>? Errors = null);

/// <summary>
/// Grouped bars: one group per category, one bar per series, error bars, category labels below (rotated when
/// they do not fit their group). Bars start at zero unless <see cref="FromZero"/> is false (accuracy, where
/// differences are small: the axis then starts at a nice value below the data).
/// </summary>
public sealed class BarChart : IChart
{
    public required string Title { get; init; }
    public required Axis Y { get; init; }
    public required IReadOnlyList<string> Categories { get; init; }
    public required IReadOnlyList<BarSeries> Series { get; init; }
    public string XTitle { get; init; } = "";
    public bool FromZero { get; init; } = true;

    /// <summary>Rotation of category labels that do not fit, in degrees (counter-clockwise: each label ends at its tick).</summary>
    public const float LabelRotation = -35;

    private static double ErrorOf(BarSeries s, int i) =>
        s.Errors is { } errs && i < errs.Count && double.IsFinite(errs[i]) && errs[i] > 0 ? errs[i] : 0;

    public Plot ToPlot(FigureSize size)
    {
        var plt = ChartStyle.NewPlot();
        plt.Title(Title);
        plt.XLabel(XTitle);
        plt.YLabel(Y.Label);
        var lows = new List<double>();
        var highs = new List<double>();
        foreach (var s in Series)
            for (int i = 0; i < s.Values.Count; i++)
            {
                if (!double.IsFinite(s.Values[i])) continue;
                lows.Add(s.Values[i] - ErrorOf(s, i));
                highs.Add(s.Values[i] + ErrorOf(s, i));
            }
        if (FromZero) { lows.Add(0); highs.Add(0); }
        var ys = NiceScale.Fit(lows.Concat(highs), Y);
        if (FromZero && lows.Count > 0 && lows.Min() >= 0) ys = ys with { Min = 0 };
        double valueBase = FromZero ? Math.Clamp(0, ys.Min, ys.Max) : ys.Min;

        // In each group only the series with a value take a slot, centred on the category: a baseline
        // measured at one placement stands alone instead of beside empty slots.
        var slots = new List<(int Series, int Category, double X, double Width)>();
        for (int c = 0; c < Categories.Count; c++)
        {
            var present = Enumerable.Range(0, Series.Count).Where(s => c < Series[s].Values.Count && double.IsFinite(Series[s].Values[c])).ToList();
            double width = 0.8 / Math.Max(1, Math.Max(2, present.Count));
            for (int k = 0; k < present.Count; k++)
                slots.Add((present[k], c, c + (k - (present.Count - 1) / 2.0) * width, width));
        }
        var bars = slots.Select(t => new Bar
        {
            Position = t.X,
            Value = Series[t.Series].Values[t.Category],
            ValueBase = valueBase,
            Size = t.Width * 0.92,
            FillColor = Palette.Of(t.Series),
            LineWidth = 0,
        }).ToList();
        if (bars.Count > 0) plt.Add.Bars(bars);
        // Error bars as their own plottable: a Bar's LineWidth would draw its border too.
        var errs = slots.Where(t => ErrorOf(Series[t.Series], t.Category) > 0).ToList();
        if (errs.Count > 0)
        {
            var e = plt.Add.ErrorBar(errs.Select(t => t.X).ToList(), errs.Select(t => Series[t.Series].Values[t.Category]).ToList(),
                errs.Select(t => ErrorOf(Series[t.Series], t.Category)).ToList());
            e.LineColor = Palette.Of(Palette.Axis);
            e.LineWidth = 1.2f;
            e.CapSize = 5;
        }
        if (ys.Min < 0 && ys.Max > 0)
        {
            var zero = plt.Add.HorizontalLine(0, 1, Palette.Of(Palette.Axis));
            zero.LinePattern = LinePattern.Solid;
        }
        if (Series.Count > 1) ChartStyle.ShowLegend(plt, Series.Select((s, i) => ChartStyle.FillItem(s.Name, Palette.Of(i))));
        plt.Axes.SetLimits(-0.5, Math.Max(1, Categories.Count) - 0.5, ys.Min, ys.Max);
        ChartStyle.SetTicks(plt.Axes.Left, ys);
        plt.Axes.Bottom.SetTicks(Enumerable.Range(0, Categories.Count).Select(i => (double)i).ToArray(), Categories.ToArray());
        plt.Axes.Bottom.MajorTickStyle.Length = 0;
        plt.Grid.XAxisStyle.IsVisible = false;                  // categories need no vertical lines
        RotateLabelsIfCrowded(plt, size);
        return plt;
    }

    /// <summary>Rotates the category labels when the longest is wider than its group, and makes room for them below.</summary>
    private void RotateLabelsIfCrowded(Plot plt, FigureSize size)
    {
        if (Categories.Count == 0) return;
        var style = new LabelStyle { FontName = ChartStyle.FontName, FontSize = ChartStyle.TickSize };
        using var paint = Paint.NewDisposablePaint();
        double longest = Categories.Max(c => style.Measure(c, paint).Width);
        plt.RenderInMemory(size.Width, size.Height);
        double group = plt.LastRender.DataRect.Width / Categories.Count;
        if (longest <= group - 6) return;
        var ticks = plt.Axes.Bottom.TickLabelStyle;
        ticks.Rotation = LabelRotation;
        ticks.Alignment = Alignment.MiddleRight;
        double rad = Math.Abs(LabelRotation) * Math.PI / 180;
        ticks.OffsetY = ChartStyle.TickSize * 0.6f;             // the label's end just below the axis, not on it
        plt.Axes.Bottom.MinimumSize = (float)(longest * Math.Sin(rad) + ChartStyle.TickSize * 1.6 + (XTitle.Length > 0 ? ChartStyle.AxisLabelSize + 12 : 4));
    }
}
