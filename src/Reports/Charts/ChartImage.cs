using ScottPlot;

namespace Ablation.Reports.Charts;

/// <summary>
/// A chart's files: SVG at its CSS size, PNG at a resolution in dots per inch. The PNG is the SVG's layout
/// scaled by dpi / 96 (ScottPlot's <see cref="Plot.ScaleFactor"/>), so both show the same figure, and it
/// carries its resolution (a pHYs chunk), so LaTeX and word processors size it as 6.67 x 4.38 inches, not by
/// its pixel count.
/// </summary>
public static class ChartImage
{
    public const int DefaultDpi = 150, MinDpi = 50, MaxDpi = 1200;

    public static string Svg(IChart chart, FigureSize size)
    {
        var plt = chart.ToPlot(size);
        return StableIds(plt.GetSvgXml(size.Width, size.Height));
    }

    /// <summary>
    /// Skia numbers clip paths with a counter shared by the whole process (cl_11, cl_42, ...); numbering them
    /// 1, 2, ... in order of appearance makes the same chart give the same file.
    /// </summary>
    private static string StableIds(string svg)
    {
        var ids = new Dictionary<string, string>();
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(svg, "\\bid=\"([^\"]+)\""))
            ids.TryAdd(m.Groups[1].Value, $"clip{ids.Count + 1}");
        return System.Text.RegularExpressions.Regex.Replace(svg, "(\\bid=\"|url\\(#)([^\")]+)",
            m => ids.TryGetValue(m.Groups[2].Value, out var id) ? m.Groups[1].Value + id : m.Value);
    }

    public static byte[] Png(IChart chart, FigureSize size, int dpi = DefaultDpi)
    {
        if (dpi < MinDpi || dpi > MaxDpi) throw new ArgumentOutOfRangeException(nameof(dpi), $"dpi must be {MinDpi}..{MaxDpi}, got {dpi}");
        var plt = chart.ToPlot(size);
        plt.ScaleFactor = dpi / FigureSize.CssPixelsPerInch;
        var (w, h) = size.PixelsAt(dpi);
        return PngDensity.Set(plt.GetImageBytes(w, h, ImageFormat.Png), dpi);
    }
}
