using System.Text;

namespace Ablation.Reports.Output;

/// <summary>Renders <see cref="ResultTable"/>s as GitHub-flavoured Markdown: caption in bold, best values in <c>**bold**</c>, footnotes below.</summary>
public static class MarkdownTableWriter
{
    public static string Render(IEnumerable<ResultTable> tables, string? title = null)
    {
        var sb = new StringBuilder();
        if (title is not null) sb.Append("# ").Append(Escape(title)).Append("\n\n");
        int n = 0;
        foreach (var t in tables)
        {
            n++;
            sb.Append($"**Table {n}.** ").Append(Escape(t.Caption)).Append("\n\n");
            sb.Append("| ").Append(string.Join(" | ", t.Headers.Select(Escape))).Append(" |\n");
            sb.Append('|').Append(string.Join('|', t.RightAligned.Select(r => r ? "---:" : ":---"))).Append("|\n");
            foreach (var row in t.Rows)
                sb.Append("| ").Append(string.Join(" | ", row.Select(c => c.Bold ? $"**{Escape(c.Text)}**" : Escape(c.Text)))).Append(" |\n");
            sb.Append('\n');
            foreach (var note in t.Footnotes) sb.Append("- ").Append(Escape(note)).Append('\n');
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Escapes the characters Markdown would read as table or emphasis syntax.</summary>
    public static string Escape(string text) =>
        text.Replace("\\", "\\\\").Replace("|", "\\|").Replace("*", "\\*").Replace("_", "\\_").Replace("\n", " ");
}
