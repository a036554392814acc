using System.Text.RegularExpressions;

namespace Ablation.Reports.Output;

/// <summary>
/// An SVG file's text made fit to sit inline in an HTML page next to other SVGs: the XML declaration goes,
/// and every id (ScottPlot's clip paths are cl_1, cl_2, ... in each file) and every reference to it gets a
/// per-figure prefix, since ids share one namespace in an HTML document and a clash would clip one chart by
/// another's rectangle.
/// </summary>
public static partial class SvgInline
{
    public static string Of(string svg, string prefix)
    {
        svg = XmlDeclaration().Replace(svg, "");
        svg = Id().Replace(svg, m => $"id=\"{prefix}-{m.Groups[1].Value}\"");
        svg = UrlReference().Replace(svg, m => $"url(#{prefix}-{m.Groups[1].Value})");
        svg = HrefReference().Replace(svg, m => $"{m.Groups[1].Value}=\"#{prefix}-{m.Groups[2].Value}\"");
        return svg.Trim();
    }

    [GeneratedRegex(@"^\s*<\?xml[^>]*\?>")]
    private static partial Regex XmlDeclaration();

    [GeneratedRegex("\\bid=\"([^\"]+)\"")]
    private static partial Regex Id();

    [GeneratedRegex(@"url\(#([^)]+)\)")]
    private static partial Regex UrlReference();

    [GeneratedRegex("((?:xlink:)?href)=\"#([^\"]+)\"")]
    private static partial Regex HrefReference();
}
