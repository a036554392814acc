using System.Net;
using System.Text;

namespace Ablation.Reports.Output;

/// <summary>Renders a <see cref="ResultTable"/> as an HTML table (caption, header, best values in &lt;b&gt;, footnotes).</summary>
public static class HtmlTableWriter
{
    public static string Render(ResultTable t, int number)
    {
        var sb = new StringBuilder();
        sb.Append("<figure class=\"table\"><table>");
        sb.Append($"<caption><b>Table {number}.</b> {E(t.Caption)}</caption><thead><tr>");
        for (int i = 0; i < t.Headers.Count; i++)
            sb.Append($"<th class=\"{(t.RightAligned[i] ? "num" : "txt")}\">{E(t.Headers[i])}</th>");
        sb.Append("</tr></thead><tbody>");
        for (int r = 0; r < t.Rows.Count; r++)
        {
            sb.Append(t.RulesAfter.Contains(r - 1) ? "<tr class=\"group\">" : "<tr>");
            for (int i = 0; i < t.Rows[r].Count; i++)
            {
                var c = t.Rows[r][i];
                sb.Append($"<td class=\"{(t.RightAligned[i] ? "num" : "txt")}\">{(c.Bold ? $"<b>{E(c.Text)}</b>" : E(c.Text))}</td>");
            }
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
        if (t.Footnotes.Count > 0)
            sb.Append("<figcaption>").Append(string.Concat(t.Footnotes.Select(n => $"<p>{E(n)}</p>"))).Append("</figcaption>");
        sb.Append("</figure>\n");
        return sb.ToString();
    }

    public static string E(string s) => WebUtility.HtmlEncode(s);
}
