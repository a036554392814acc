using System.Globalization;
using System.Text;
using Ablation.Reports.Schema;

namespace Ablation.Reports.Output;

/// <summary>
/// report.html: one self-contained file (inline CSS and SVG; no scripts, fonts or links to fetch) with the
/// runs' status, the paper-style tables (each led by its task's metric: top-1, or mAP for detectors), the charts
/// (the same SVGs as in figures/, each linked to nothing, with its file names in the caption), a detector's AP per
/// class, the paper comparison, failed runs, provenance and the latest micro-benchmarks.
/// </summary>
public static class HtmlReport
{
    private const string Css = """
        body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;color:#222;margin:24px auto;max-width:1400px;padding:0 16px;line-height:1.4}
        h1{font-size:24px;margin-bottom:4px}h2{font-size:19px;margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}
        .meta{color:#666;font-size:13px}.status span{display:inline-block;margin-right:14px}
        table{border-collapse:collapse;font-size:12.5px;margin:8px 0}caption{text-align:left;padding:4px 0;font-size:13px}
        th,td{padding:3px 6px;border-bottom:1px solid #eee;white-space:nowrap}th{border-bottom:2px solid #999;background:#fafafa}
        tr.group td{border-top:2px solid #bbb}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}td.txt,th.txt{text-align:left}
        figure{margin:12px 0}figure.table{overflow-x:auto}figcaption{font-size:12px;color:#555;max-width:1000px}figcaption p{margin:2px 0}
        .charts{display:flex;flex-wrap:wrap;gap:12px}.chart{border:1px solid #eee;padding:4px}.chart figcaption{max-width:640px}
        .file{color:#888;font-family:"DejaVu Sans Mono",monospace;font-size:11px}
        .err{color:#b00;font-size:12px;white-space:normal;max-width:600px}pre{background:#f6f6f6;padding:8px;font-size:12px;overflow-x:auto}
        """;

    public static string Render(Report report, IReadOnlyList<RenderedFigure> figures)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.Append($"<title>{E(report.Title)} — Ablation report</title><style>{Css}</style></head><body>\n");
        sb.Append($"<h1>{E(report.Title)}</h1>");
        sb.Append($"<p class=\"meta\">Generated {report.GeneratedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)} by <code>ablate report</code>; " +
                  $"baseline {E(report.Baseline?.ToString() ?? "none named")}.</p>\n");
        sb.Append("<p class=\"status\">");
        foreach (var status in RunStatus.All)
            sb.Append($"<span>{status}: <b>{report.Runs.Count(r => r.Status == status)}</b></span>");
        sb.Append($"<span>configurations: <b>{report.Configurations.Count}</b></span></p>\n");

        sb.Append("<h2>Results</h2>\n");
        int n = 0;
        foreach (var t in PaperStyleTable.Build(report.Configurations, report.Baseline)) sb.Append(HtmlTableWriter.Render(t, ++n));

        foreach (var section in figures.GroupBy(f => f.Chart.Section))
        {
            sb.Append($"<h2>{E(section.Key)}</h2>\n<div class=\"charts\">");
            foreach (var f in section)
                sb.Append($"<figure class=\"chart\">{SvgInline.Of(f.Svg, f.Chart.Name)}<figcaption>{E(f.Chart.Caption)} " +
                          $"<span class=\"file\">{ReportFigures.Folder}/{E(f.Chart.Name)}.png, .svg</span></figcaption></figure>\n");
            sb.Append("</div>\n");
        }

        var perClass = PerClassApTable.Build(report.Configurations);
        if (perClass.Count > 0)
        {
            sb.Append("<h2>AP per class</h2>\n");
            foreach (var t in perClass) sb.Append(HtmlTableWriter.Render(t, ++n));
        }

        if (report.Paper is { } paper)
        {
            sb.Append("<h2>Published vs measured</h2>\n");
            sb.Append(HtmlTableWriter.Render(PaperComparisonTable.Build(paper, report.PaperComparisons), ++n));
        }

        var failed = report.Runs.Where(r => r.Status == RunStatus.Failed).ToList();
        if (failed.Count > 0)
        {
            sb.Append("<h2>Failed runs</h2>\n<table><thead><tr><th class=\"txt\">Run</th><th class=\"txt\">Configuration</th><th class=\"num\">Seed</th><th class=\"txt\">Error</th></tr></thead><tbody>");
            foreach (var r in failed)
                sb.Append($"<tr><td class=\"txt\"><code>{E(r.RunId)}</code></td><td class=\"txt\">{E(Aggregation.Aggregator.KeyOf(r).Label)}</td>" +
                          $"<td class=\"num\">{r.Seed}</td><td class=\"err\">{E(r.Error ?? "")}</td></tr>");
            sb.Append("</tbody></table>\n");
        }

        sb.Append("<h2>Provenance</h2>\n<table><thead><tr><th class=\"txt\">Code version</th><th class=\"txt\">Engine</th><th class=\"txt\">Device</th><th class=\"num\">Runs</th></tr></thead><tbody>");
        foreach (var g in report.Runs.GroupBy(r => (r.CodeVersion ?? "?", r.Engine ?? "?", r.Device ?? "?")).OrderBy(g => g.Key))
            sb.Append($"<tr><td class=\"txt\"><code>{E(g.Key.Item1)}</code></td><td class=\"txt\">{E(g.Key.Item2)}</td><td class=\"txt\">{E(g.Key.Item3)}</td><td class=\"num\">{g.Count()}</td></tr>");
        sb.Append("</tbody></table>\n");

        if (report.Benchmarks is { } bench)
        {
            sb.Append("<h2>Attention micro-benchmarks</h2>\n");
            sb.Append($"<p class=\"meta\">From <code>{E(Path.GetFileName(bench.Path))}</code>, written {bench.WrittenAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)} " +
                      "(BenchmarkDotNet; Ratio: time relative to <code>none</code> at the same shape).</p>");
            if (bench.Environment.Length > 0) sb.Append($"<pre>{E(bench.Environment)}</pre>");
            var rows = bench.TableRows();
            if (rows.Count > 0)
            {
                sb.Append("<table><thead><tr>").Append(string.Concat(rows[0].Select(h => $"<th>{E(h)}</th>"))).Append("</tr></thead><tbody>");
                foreach (var row in rows.Skip(1))
                    sb.Append("<tr>").Append(string.Concat(row.Select(c => $"<td class=\"{(IsNumber(c) ? "num" : "txt")}\">{E(c)}</td>"))).Append("</tr>");
                sb.Append("</tbody></table>\n");
            }
        }
        sb.Append("</body></html>\n");
        return sb.ToString();
    }

    private static string E(string s) => HtmlTableWriter.E(s);

    private static bool IsNumber(string cell) =>
        double.TryParse(cell.Replace(",", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}
