using Ablation.Reports.Output;

namespace Ablation.Reports;

/// <summary>
/// Writes a <see cref="Report"/>'s files into a folder: runs.csv, summary.csv, table.md, table.tex,
/// report.html, and every chart as figures/&lt;name&gt;.png (at <c>dpi</c>) and figures/&lt;name&gt;.svg.
/// </summary>
public static class ReportWriter
{
    public static readonly string[] FileNames = ["runs.csv", "summary.csv", "table.md", "table.tex", "report.html"];

    public static IReadOnlyList<string> Write(Report report, string outDir, int dpi = Charts.ChartImage.DefaultDpi)
    {
        Directory.CreateDirectory(outDir);
        string P(string name) => Path.Combine(outDir, name);
        RunsCsv.Write(P("runs.csv"), report.Runs);
        SummaryCsv.Write(P("summary.csv"), report.Configurations);

        var tables = PaperStyleTable.Build(report.Configurations, report.Baseline).ToList();
        if (report.Paper is { } paper) tables.Add(PaperComparisonTable.Build(paper, report.PaperComparisons));
        File.WriteAllText(P("table.md"), MarkdownTableWriter.Render(tables, report.Title));
        File.WriteAllText(P("table.tex"), LatexTableWriter.Render(tables, "tab:" + Slug(report.Title)));
        var figures = ReportFigures.Write(ReportCharts.Build(report.Configurations), outDir, dpi);
        File.WriteAllText(P("report.html"), HtmlReport.Render(report, figures));
        return FileNames.Select(P).Concat(figures.SelectMany(f => new[] { f.PngPath, f.SvgPath })).ToList();
    }

    private static string Slug(string s) => new(s.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray());
}
