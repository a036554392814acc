using System.Globalization;
using System.Text;

namespace Ablation.Reports.Charts;

/// <summary>
/// A minimal SVG writer: elements with numeric attributes in invariant culture (at most two decimals) and
/// XML-escaped text. Charts build on it; nothing here knows about data.
/// </summary>
public sealed class Svg
{
    private readonly StringBuilder _sb = new();

    public Svg(double width, double height, string title)
    {
        Width = width;
        Height = height;
        _sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {N(width)} {N(height)}\" width=\"{N(width)}\" height=\"{N(height)}\" ")
           .Append($"role=\"img\" aria-label=\"{Escape(title)}\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\">");
        _sb.Append($"<title>{Escape(title)}</title>");
        Rect(0, 0, width, height, "#ffffff");
    }

    public double Width { get; }
    public double Height { get; }

    public static string N(double v) => Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture);

    public static string Escape(string s) =>
        s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");

    public Svg Line(double x1, double y1, double x2, double y2, string stroke, double width = 1, string? dash = null)
    {
        _sb.Append($"<line x1=\"{N(x1)}\" y1=\"{N(y1)}\" x2=\"{N(x2)}\" y2=\"{N(y2)}\" stroke=\"{stroke}\" stroke-width=\"{N(width)}\"")
           .Append(dash is null ? "" : $" stroke-dasharray=\"{dash}\"").Append("/>");
        return this;
    }

    public Svg Rect(double x, double y, double w, double h, string fill, string? stroke = null, double opacity = 1)
    {
        _sb.Append($"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(Math.Max(0, w))}\" height=\"{N(Math.Max(0, h))}\" fill=\"{fill}\"")
           .Append(stroke is null ? "" : $" stroke=\"{stroke}\"").Append(opacity < 1 ? $" fill-opacity=\"{N(opacity)}\"" : "").Append("/>");
        return this;
    }

    public Svg Circle(double cx, double cy, double r, string fill, string? stroke = null, double strokeWidth = 1)
    {
        _sb.Append($"<circle cx=\"{N(cx)}\" cy=\"{N(cy)}\" r=\"{N(r)}\" fill=\"{fill}\"")
           .Append(stroke is null ? "" : $" stroke=\"{stroke}\" stroke-width=\"{N(strokeWidth)}\"").Append("/>");
        return this;
    }

    public Svg Polyline(IEnumerable<(double X, double Y)> points, string stroke, double width = 1.5, string? dash = null)
    {
        _sb.Append($"<polyline fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{N(width)}\" stroke-linejoin=\"round\"")
           .Append(dash is null ? "" : $" stroke-dasharray=\"{dash}\"")
           .Append($" points=\"{string.Join(" ", points.Select(p => $"{N(p.X)},{N(p.Y)}"))}\"/>");
        return this;
    }

    public Svg Polygon(IEnumerable<(double X, double Y)> points, string fill, double opacity)
    {
        _sb.Append($"<polygon fill=\"{fill}\" fill-opacity=\"{N(opacity)}\" stroke=\"none\"")
           .Append($" points=\"{string.Join(" ", points.Select(p => $"{N(p.X)},{N(p.Y)}"))}\"/>");
        return this;
    }

    /// <summary>Text; <paramref name="anchor"/> is start, middle or end; <paramref name="rotate"/> in degrees about (x, y).</summary>
    public Svg Text(double x, double y, string text, string anchor = "start", double size = 12, string fill = Palette.Text,
        double rotate = 0, bool bold = false, string baseline = "auto")
    {
        _sb.Append($"<text x=\"{N(x)}\" y=\"{N(y)}\" text-anchor=\"{anchor}\" font-size=\"{N(size)}\" fill=\"{fill}\"")
           .Append(bold ? " font-weight=\"bold\"" : "")
           .Append(baseline == "auto" ? "" : $" dominant-baseline=\"{baseline}\"")
           .Append(rotate == 0 ? "" : $" transform=\"rotate({N(rotate)} {N(x)} {N(y)})\"")
           .Append('>').Append(Escape(text)).Append("</text>");
        return this;
    }

    public override string ToString() => _sb + "</svg>";

    /// <summary>Approximate width of <paramref name="text"/> at <paramref name="size"/> px (DejaVu Sans averages ~0.6 em per character).</summary>
    public static double TextWidth(string text, double size = 12) => text.Length * size * 0.6;
}
