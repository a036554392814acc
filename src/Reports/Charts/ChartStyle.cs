using ScottPlot;

namespace Ablation.Reports.Charts;

/// <summary>
/// The look every chart shares: DejaVu Sans named explicitly (Debian's fonts-dejavu-core; without it
/// SkiaSharp falls back to a serif face and metrics change), a white figure, light grid, dark axes, the
/// legend outside the data on the right without a shadow, and sizes that stay legible at a column's width.
/// </summary>
public static class ChartStyle
{
    public const string FontName = "DejaVu Sans";
    public const float TitleSize = 14, AxisLabelSize = 12.5f, TickSize = 11, PointLabelSize = 10, LegendSize = 11;

    public static Plot NewPlot()
    {
        var plt = new Plot();
        plt.Font.Set(FontName);
        plt.FigureBackground.Color = Colors.White;
        plt.DataBackground.Color = Colors.White;
        plt.Grid.MajorLineColor = Palette.Of(Palette.Grid);
        plt.Axes.Color(Palette.Of(Palette.Axis));
        foreach (var axis in plt.Axes.GetAxes())
        {
            axis.TickLabelStyle.FontSize = TickSize;
            axis.Label.FontSize = AxisLabelSize;
            axis.Label.Bold = false;
        }
        plt.Axes.Title.Label.FontSize = TitleSize;
        plt.Axes.Title.Label.Bold = true;
        plt.Axes.Right.FrameLineStyle.Width = 0;
        plt.Axes.Top.FrameLineStyle.Width = 0;
        plt.Legend.FontSize = LegendSize;
        plt.Legend.FontName = FontName;
        plt.Legend.ShadowColor = Colors.Transparent;
        plt.Legend.OutlineColor = Palette.Of(Palette.Grid);
        return plt;
    }

    /// <summary>Fixed ticks at the <see cref="NiceScale"/>'s steps, printed with just enough decimals.</summary>
    public static void SetTicks(IAxis axis, NiceScale scale)
    {
        var ticks = scale.Ticks().ToArray();
        string format = "F" + scale.Decimals;
        axis.SetTicks(ticks, ticks.Select(t => t.ToString(format, System.Globalization.CultureInfo.InvariantCulture)).ToArray());
    }

    /// <summary>A legend item drawn as a marker (scatter series).</summary>
    public static LegendItem MarkerItem(string label, ScottPlot.Color color) => new()
    {
        LabelText = label,
        MarkerShape = MarkerShape.FilledCircle,
        MarkerSize = 8,
        MarkerFillColor = color,
        MarkerLineColor = color,
        LineWidth = 0,
    };

    /// <summary>A legend item drawn as a line (curves, fronts).</summary>
    public static LegendItem LineItem(string label, ScottPlot.Color color, LinePattern pattern) => new()
    {
        LabelText = label,
        LineColor = color,
        LineWidth = 2,
        LinePattern = pattern,
        MarkerShape = MarkerShape.None,
    };

    /// <summary>A legend item drawn as a filled box (bars).</summary>
    public static LegendItem FillItem(string label, ScottPlot.Color color) => new()
    {
        LabelText = label,
        FillColor = color,
        LineWidth = 0,
        MarkerShape = MarkerShape.None,
    };

    public static void ShowLegend(Plot plt, IEnumerable<LegendItem> items)
    {
        var list = items.ToList();
        if (list.Count == 0) return;
        plt.Legend.ManualItems.Clear();
        plt.Legend.ManualItems.AddRange(list);
        plt.ShowLegend(Edge.Right);
    }
}
