namespace Ablation.Reports.Charts;

/// <summary>
/// The layout every chart shares: title on top, y axis on the left, x axis below, legend on the right;
/// maps data to pixels and draws grid, ticks, tick labels and axis titles.
/// </summary>
internal sealed class PlotFrame
{
    public const double TitleSize = 15, LabelSize = 12, TickSize = 11, LegendSize = 11;

    public Svg Svg { get; }
    public NiceScale XScale { get; }
    public NiceScale YScale { get; }
    public double Left { get; }
    public double Top { get; }
    public double Right { get; }
    public double Bottom { get; }

    private readonly IReadOnlyList<(string Name, string Color)> _legend;

    public PlotFrame(double width, double height, string title, NiceScale x, NiceScale y,
        IReadOnlyList<(string Name, string Color)> legend, double bottomExtra = 0)
    {
        Svg = new Svg(width, height, title);
        XScale = x;
        YScale = y;
        _legend = legend;
        double yLabelWidth = y.Ticks().Max(t => Svg.TextWidth(Format(t, y), TickSize));
        double legendWidth = legend.Count == 0 ? 0 : legend.Max(l => Svg.TextWidth(l.Name, LegendSize)) + 34;
        Left = 26 + yLabelWidth + 10;
        Top = 42;
        Right = width - 16 - Math.Min(legendWidth, width * 0.35);
        Bottom = height - 46 - bottomExtra;
        Svg.Text(width / 2, 24, title, "middle", TitleSize, bold: true);
    }

    public double X(double v) => Left + (v - XScale.Min) / (XScale.Max - XScale.Min) * (Right - Left);
    public double Y(double v) => Bottom - (v - YScale.Min) / (YScale.Max - YScale.Min) * (Bottom - Top);

    public static string Format(double v, NiceScale s) => Numbers(v, s.Decimals);

    private static string Numbers(double v, int decimals) => v.ToString("F" + decimals, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Horizontal grid and y ticks; vertical grid and x ticks unless <paramref name="xTicks"/> is false (bar charts label categories instead).</summary>
    public void DrawAxes(Axis xAxis, Axis yAxis, bool xTicks = true)
    {
        foreach (var t in YScale.Ticks())
        {
            Svg.Line(Left, Y(t), Right, Y(t), Palette.Grid);
            Svg.Text(Left - 6, Y(t) + 4, Format(t, YScale), "end", TickSize, Palette.Muted);
        }
        if (xTicks)
            foreach (var t in XScale.Ticks())
            {
                Svg.Line(X(t), Top, X(t), Bottom, Palette.Grid);
                Svg.Text(X(t), Bottom + 16, Format(t, XScale), "middle", TickSize, Palette.Muted);
            }
        Svg.Line(Left, Bottom, Right, Bottom, Palette.Axis);
        Svg.Line(Left, Top, Left, Bottom, Palette.Axis);
        if (xAxis.Label.Length > 0) Svg.Text((Left + Right) / 2, Svg.Height - 12, xAxis.Label, "middle", LabelSize);
        Svg.Text(16, (Top + Bottom) / 2, yAxis.Label, "middle", LabelSize, rotate: -90);
    }

    /// <summary>The legend, top right, one swatch per series.</summary>
    public void DrawLegend(bool lines = false)
    {
        double x = Right + 14, y = Top + 4;
        foreach (var (name, color) in _legend)
        {
            if (lines) Svg.Line(x, y + 5, x + 16, y + 5, color, 2.5);
            else Svg.Rect(x + 3, y, 10, 10, color);
            Svg.Text(x + 22, y + 9, name, "start", LegendSize);
            y += 18;
        }
    }

    /// <summary>Clamps a pixel y into the plot area (error bars and bands that leave a fixed range).</summary>
    public double ClampY(double py) => Math.Clamp(py, Top, Bottom);
    public double ClampX(double px) => Math.Clamp(px, Left, Right);
}
