using ScottPlot;

namespace Ablation.Reports.Charts;

/// <summary>
/// Points with error bars, one colour per series, point labels that do not overlap (<see cref="LabelPlacer"/>)
/// and the Pareto front (dashed line, ringed points) of quality (y, higher is better) against cost (x).
/// Used for accuracy vs MACs and vs throughput.
/// </summary>
public sealed class ScatterChart : IChart
{
    public required string Title { get; init; }
    public required Axis X { get; init; }
    public required Axis Y { get; init; }
    public required IReadOnlyList<ChartSeries> Series { get; init; }
    public bool ShowParetoFront { get; init; } = true;
    /// <summary>True when a smaller x is better (MACs); false when a larger x is (throughput).</summary>
    public bool LowerXIsBetter { get; init; } = true;
    public bool LabelPoints { get; init; } = true;

    public const float MarkerSize = 9;
    public const string NoData = "no measurements";

    private static bool Finite(ChartPoint p) => double.IsFinite(p.X) && double.IsFinite(p.Y);

    public Plot ToPlot(FigureSize size)
    {
        var plt = ChartStyle.NewPlot();
        plt.Title(Title);
        plt.XLabel(X.Label);
        plt.YLabel(Y.Label);
        var points = Series.SelectMany(s => s.Points).Where(Finite).ToList();
        var xs = NiceScale.Fit(points.Select(p => p.X - p.XError).Concat(points.Select(p => p.X + p.XError)), X);
        var ys = NiceScale.Fit(points.Select(p => p.Y - p.YError).Concat(points.Select(p => p.Y + p.YError)), Y);
        var legend = new List<LegendItem>();

        bool front = ShowParetoFront && points.Count > 1;
        if (front)
        {
            var f = ParetoFront.Of(points, LowerXIsBetter);
            var line = plt.Add.ScatterLine(f.Select(p => p.X).ToArray(), f.Select(p => p.Y).ToArray(), Palette.Of(Palette.Muted));
            line.LinePattern = LinePattern.Dashed;
            line.LineWidth = 1.5f;
            var rings = plt.Add.ScatterPoints(f.Select(p => p.X).ToArray(), f.Select(p => p.Y).ToArray(), Palette.Of(Palette.Muted));
            rings.MarkerShape = MarkerShape.OpenCircle;
            rings.MarkerSize = MarkerSize + 9;
            rings.MarkerLineWidth = 1.5f;
        }
        for (int i = 0; i < Series.Count; i++)
        {
            var color = Palette.Of(i);
            var pts = Series[i].Points.Where(Finite).ToList();
            legend.Add(ChartStyle.MarkerItem(Series[i].Name, color));
            if (pts.Count == 0) continue;
            if (pts.Any(p => p.XError > 0 || p.YError > 0))
            {
                var bars = plt.Add.ErrorBar(pts.Select(p => p.X).ToList(), pts.Select(p => p.Y).ToList(), pts.Select(p => p.YError).ToList());
                bars.XErrorPositive = bars.XErrorNegative = pts.Select(p => p.XError).ToList();
                bars.LineColor = color;
                bars.LineWidth = 1.5f;
                bars.CapSize = 6;
            }
            var marks = plt.Add.ScatterPoints(pts.Select(p => p.X).ToArray(), pts.Select(p => p.Y).ToArray(), color);
            marks.MarkerShape = MarkerShape.FilledCircle;
            marks.MarkerSize = MarkerSize;
            marks.MarkerLineColor = Colors.White;
            marks.MarkerLineWidth = 1;
        }
        if (front) legend.Add(ChartStyle.LineItem("Pareto front", Palette.Of(Palette.Muted), LinePattern.Dashed));
        ChartStyle.ShowLegend(plt, legend);
        plt.Axes.SetLimits(xs.Min, xs.Max, ys.Min, ys.Max);
        ChartStyle.SetTicks(plt.Axes.Bottom, xs);
        ChartStyle.SetTicks(plt.Axes.Left, ys);
        if (points.Count == 0)
        {
            var t = plt.Add.Text(NoData, (xs.Min + xs.Max) / 2, (ys.Min + ys.Max) / 2);
            t.Alignment = Alignment.MiddleCenter;
            t.LabelFontSize = ChartStyle.AxisLabelSize;
            t.LabelFontColor = Palette.Of(Palette.Muted);
        }
        if (LabelPoints)
            AddLabels(plt, size, Series.SelectMany(s => s.Points).Where(p => Finite(p) && p.Label is not null).ToList(),
                points, front ? ParetoFront.Of(points, LowerXIsBetter) : []);
        return plt;
    }

    /// <summary>
    /// Lays the plot out once at <paramref name="size"/> to learn where points fall in pixels, places the
    /// labels there, and adds them (and leader lines to displaced ones) in data coordinates, so the same
    /// positions hold in the SVG and in a PNG scaled to any dpi.
    /// </summary>
    private static void AddLabels(Plot plt, FigureSize size, List<ChartPoint> labelled, List<ChartPoint> all, IReadOnlyList<ChartPoint> front)
    {
        if (labelled.Count == 0) return;
        plt.RenderInMemory(size.Width, size.Height);
        var data = plt.LastRender.DataRect;
        IAxis ax = plt.Axes.Bottom, ay = plt.Axes.Left;
        var style = new LabelStyle { FontName = ChartStyle.FontName, FontSize = ChartStyle.PointLabelSize, Padding = 0 };
        using var paint = Paint.NewDisposablePaint();
        var requests = labelled.Select(p =>
        {
            var m = style.Measure(p.Label!, paint);
            // ScottPlot draws a text's box 3 px larger than Measure says; one more keeps neighbours apart.
            return new LabelRequest(ax.GetPixel(p.X, data), ay.GetPixel(p.Y, data), m.Width + 4, m.Height + 4);
        }).ToList();
        var bounds = new PixelBox(data.Left, data.Top, data.Width, data.Height);
        (double X, double Y) Px(double x, double y) => (ax.GetPixel(x, data), ay.GetPixel(y, data));
        var obstacles = new List<PixelBox>();
        foreach (var p in all)
        {
            // Error bars as thin boxes; the front's dashed segments as small boxes every few pixels.
            if (p.YError > 0) { var (x0, y0) = Px(p.X, p.Y + p.YError); var (_, y1) = Px(p.X, p.Y - p.YError); obstacles.Add(new PixelBox(x0 - 3, y0, 6, y1 - y0)); }
            if (p.XError > 0) { var (x0, y0) = Px(p.X - p.XError, p.Y); var (x1, _) = Px(p.X + p.XError, p.Y); obstacles.Add(new PixelBox(x0, y0 - 3, x1 - x0, 6)); }
        }
        for (int k = 0; k + 1 < front.Count; k++)
        {
            var (ax0, ay0) = Px(front[k].X, front[k].Y);
            var (ax1, ay1) = Px(front[k + 1].X, front[k + 1].Y);
            int steps = Math.Max(1, (int)(Math.Sqrt((ax1 - ax0) * (ax1 - ax0) + (ay1 - ay0) * (ay1 - ay0)) / 4));
            for (int t = 0; t <= steps; t++)
                obstacles.Add(PixelBox.Around(ax0 + (ax1 - ax0) * t / steps, ay0 + (ay1 - ay0) * t / steps, 1.5));
        }
        var placements = LabelPlacer.Place(requests, bounds, markerRadius: MarkerSize / 2 + 1, obstacles: obstacles);
        for (int i = 0; i < labelled.Count; i++)
        {
            var (box, r) = (placements[i].Box, requests[i]);
            if (placements[i].Displaced)
            {
                var (ex, ey) = placements[i].NearestTo(r.X, r.Y);
                var leader = plt.Add.Line(labelled[i].X, labelled[i].Y, ax.GetCoordinate((float)ex, data), ay.GetCoordinate((float)ey, data));
                leader.LineColor = Palette.Of(Palette.Muted).WithAlpha(0.8);
                leader.LineWidth = 0.8f;
                leader.MarkerShape = MarkerShape.None;
            }
            var text = plt.Add.Text(labelled[i].Label!, ax.GetCoordinate((float)box.Left, data), ay.GetCoordinate((float)box.Top, data));
            text.Alignment = Alignment.UpperLeft;
            text.LabelFontName = ChartStyle.FontName;
            text.LabelFontSize = ChartStyle.PointLabelSize;
            text.LabelFontColor = Palette.Of(Palette.Text);
            text.LabelStyle.Padding = 0;
        }
    }
}
