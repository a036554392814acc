using Ablation.Reports.Charts;

namespace Ablation.Reports.Output;

/// <summary>A chart written to disk: figures/&lt;name&gt;.svg and .png, and the SVG text for the HTML report.</summary>
public sealed record RenderedFigure(ReportChart Chart, string Svg, string SvgPath, string PngPath);

/// <summary>
/// Writes every chart of a report as report/figures/&lt;name&gt;.png (at the requested dpi, default 150) and
/// report/figures/&lt;name&gt;.svg: the files a user puts into a paper. Names are made unique by a suffix.
/// </summary>
public static class ReportFigures
{
    public const string Folder = "figures";

    public static IReadOnlyList<RenderedFigure> Write(IReadOnlyList<ReportChart> charts, string reportDir, int dpi = ChartImage.DefaultDpi)
    {
        var dir = Path.Combine(reportDir, Folder);
        Directory.CreateDirectory(dir);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<RenderedFigure>(charts.Count);
        foreach (var chart in charts)
        {
            string name = chart.Name;
            for (int k = 2; !used.Add(name); k++) name = $"{chart.Name}-{k}";
            var svg = ChartImage.Svg(chart.Chart, chart.Size);
            string svgPath = Path.Combine(dir, name + ".svg"), pngPath = Path.Combine(dir, name + ".png");
            File.WriteAllText(svgPath, svg);
            File.WriteAllBytes(pngPath, ChartImage.Png(chart.Chart, chart.Size, dpi));
            result.Add(new RenderedFigure(chart with { Name = name }, svg, svgPath, pngPath));
        }
        return result;
    }
}
