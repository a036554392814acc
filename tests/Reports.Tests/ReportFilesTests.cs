using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using Ablation.Reports.Output;

namespace Ablation.Reports.Tests;

public class ReportFilesTests
{
    private static double D(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    [Fact]
    public void Writes_the_five_files()
    {
        foreach (var name in ReportWriter.FileNames) Assert.True(new FileInfo(SampleReport.File(name)).Length > 100, name);
    }

    [Fact]
    public void Writes_every_chart_as_png_and_svg_that_are_not_blank()
    {
        var dir = Path.Combine(SampleReport.Dir, "figures");
        var pngs = Directory.GetFiles(dir, "*.png").Order().ToList();
        var svgs = Directory.GetFiles(dir, "*.svg").Order().ToList();
        Assert.Equal(7, pngs.Count);
        Assert.Equal(pngs.Select(Path.GetFileNameWithoutExtension), svgs.Select(Path.GetFileNameWithoutExtension));
        Assert.Contains(Path.Combine(dir, "top1-vs-macs-sample-cifar10.png"), pngs);
        Assert.Contains(Path.Combine(dir, "curves-resnet20-sample-cifar10.png"), pngs);
        foreach (var png in pngs)
        {
            var image = PngImage.Load(png);
            Assert.Contains(image.Width, new[] { 1000, 656 });             // 640 or 420 CSS pixels at 150 dpi, the default
            Assert.Equal(150, Charts.PngDensity.Read(File.ReadAllBytes(png)));
            Assert.True(image.Variance() > 100, $"{png}: blank (pixel variance {image.Variance():0.0})");
            Assert.True(image.Count(Charts.Palette.Color(0)) > 300, $"{png}: no marks in the first series colour");
        }
        foreach (var svg in svgs)
        {
            var doc = XDocument.Load(svg);
            Assert.Contains(doc.Descendants(), e => e.Name.LocalName == "text");
            // Marks in a series colour (fills of points, bars or bands), not only axes and text.
            Assert.Contains(doc.Descendants(), e => ((string?)e.Attribute("fill"))?.ToUpperInvariant() == Charts.Palette.Color(0));
        }
    }

    [Fact]
    public void Dpi_sets_the_png_resolution_and_leaves_the_svg_alone()
    {
        var dir = TestStore.NewDirectory();
        ReportWriter.Write(SampleReport.Report, dir, dpi: 300);
        var png = Path.Combine(dir, "figures", "top1-vs-macs-sample-cifar10.png");
        Assert.Equal(2000, PngImage.Load(png).Width);
        Assert.Equal(300, Charts.PngDensity.Read(File.ReadAllBytes(png)));
        Assert.Equal(File.ReadAllText(Path.Combine(SampleReport.Dir, "figures", "top1-vs-macs-sample-cifar10.svg")),
                     File.ReadAllText(Path.Combine(dir, "figures", "top1-vs-macs-sample-cifar10.svg")));
    }

    [Fact]
    public void Runs_csv_has_one_row_per_run_with_status_and_provenance()
    {
        var rows = CsvRows.Read(SampleReport.File("runs.csv"));
        Assert.Equal(11, rows.Count);                                   // 10 done + 1 failed
        var failed = rows.Single(r => r["status"] == "failed");
        Assert.Equal("cbam-block-1", failed["run_id"]);
        Assert.Equal("loss is NaN at epoch 1, step 3", failed["error"]);
        Assert.Equal("", failed["top1_pct"]);
        var se0 = rows.Single(r => r["run_id"] == "se-block-0");
        Assert.Equal("c0ffee1", se0["code_version"]);
        Assert.Equal("libtorch 1.13.1 (cpu)", se0["engine"]);
        Assert.Equal("cpu", se0["device"]);
        Assert.Equal("reduction=16", se0["attention_options"]);
        Assert.Equal(76.12, D(se0["top1_pct"]), 10);
        Assert.Equal("274490", se0["params"]);                          // no thousands separator
        Assert.Equal("40880000", se0["macs_per_image"]);
        Assert.Equal("2026-11-01T00:00:00.0000000Z", se0["started_at"]);
        Assert.Contains("macs_per_image", rows[0].Keys);
        Assert.Contains("peak_mem_bytes", rows[0].Keys);
        Assert.Contains("train_img_per_s", rows[0].Keys);
    }

    [Fact]
    public void Summary_csv_has_one_row_per_configuration_with_full_precision()
    {
        var rows = CsvRows.Read(SampleReport.File("summary.csv"));
        Assert.Equal(["none", "bam", "cbam", "se"], rows.Select(r => r["attention"]));
        var se = rows.Single(r => r["attention"] == "se");
        var welch = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "tests", "Reports.Tests", "Fixtures", "welch.json")))
            .RootElement.GetProperty("three_seeds");
        Assert.Equal("3", se["n"]);
        Assert.Equal("0 1 2", se["seeds"]);
        Assert.Equal(welch.GetProperty("mean_a").GetDouble(), D(se["top1_pct_mean"]), 10);
        Assert.Equal(welch.GetProperty("std_a").GetDouble(), D(se["top1_pct_std"]), 10);
        Assert.Equal(75.80, D(se["top1_pct_min"]), 10);
        Assert.Equal(76.45, D(se["top1_pct_max"]), 10);
        Assert.True(se["top1_pct_mean"].Length > 10, "full precision, not rounded for display");
        Assert.Equal(welch.GetProperty("p").GetDouble(), D(se["welch_p"]), 8);
        Assert.Equal(welch.GetProperty("ci95")[1].GetDouble(), D(se["delta_top1_ci95_high_pp"]), 6);
        Assert.Equal(2.016, D(se["delta_params_k"]), 10);               // 274490 - 272474
        Assert.Equal(0.066816, D(se["delta_macs_m"]), 10);              // 40880000 - 40813184
        Assert.Equal("", se["flag"]);
        Assert.Equal("n < 2", rows.Single(r => r["attention"] == "cbam")["flag"]);
        Assert.Equal("true", rows.Single(r => r["attention"] == "none")["is_baseline"]);

        var measures = SummaryCsv.Read(SampleReport.File("summary.csv"));
        var m = measures.Single(x => x.Key.Attention == "se");
        Assert.Equal(SampleStudy.SeParams, m.Params);
        Assert.Equal(3, m.PrimaryPct.N);
        Assert.Equal(welch.GetProperty("std_a").GetDouble(), m.PrimaryPct.Std, 10);
    }

    [Fact]
    public void Markdown_table_has_paper_style_rows_marks_and_footnotes()
    {
        var md = File.ReadAllText(SampleReport.File("table.md"));
        var lines = md.Split('\n');
        var header = lines.First(l => l.StartsWith("| Backbone | Attention | Placement | Top-1 (%)"));
        int columns = header.Count(c => c == '|') - 1;
        Assert.Equal(13, columns);
        Assert.All(lines.Where(l => l.StartsWith("| resnet20 | ") && !l.Contains("✓") && !l.Contains("not run")),
            l => Assert.Equal(columns, l.Replace("\\|", "").Count(c => c == '|') - 1));
        Assert.Contains("| resnet20 | se(reduction=16) | block | 76.12 ± 0.33 (3) | +0.97\\* | 0.274 | +2.02 | 0.0409 | +0.0668 | 901 | +11.1\\* | 3601 |", md);
        Assert.Contains("| resnet20 | none | – | 75.16 ± 0.24 (3) | baseline | **0.272** |", md);
        Assert.Contains("**77.00 (1)** | +1.84†", md);
        Assert.Contains("| resnet20 | bam | stage | 70.23 ± 1.17 (3) | -4.92\\* |", md);
        Assert.Contains("MACs: multiply-accumulates of convolution, linear and matrix-multiply ops", md);
        Assert.Contains("Welch's two-sided t-test", md);
        // Paper comparison: none reproduces (75.16 vs 75.2, 0.272 rounds to 0.27), se does not (76.12 vs 100 - 22.0).
        Assert.Contains("| resnet20 | none | block | 75.2 | 75.16 ± 0.24 (3) | -0.04 | ✓ | 0.27 | 0.272 |", md);
        Assert.Contains("| resnet20 | se(reduction=16) | block | 78.0 | 76.12 ± 0.33 (3) | -1.88 | ✗ |", md);
        Assert.Contains("| resnet56 | se | – | – | not run |", md);
    }

    [Fact]
    public void Html_is_self_contained_with_tables_and_well_formed_charts()
    {
        var html = File.ReadAllText(SampleReport.File("report.html"));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" src=", html, StringComparison.OrdinalIgnoreCase);
        // References only inside the page: url(#id) of inline SVG clip paths, and the SVG namespaces.
        Assert.DoesNotContain(html.Split("url(").Skip(1), s => !s.StartsWith('#'));
        Assert.DoesNotContain(html.Split("href=").Skip(1), s => !s.StartsWith("\"#"));
        Assert.DoesNotContain(html.Split("http").Skip(1), s => !s.StartsWith("://www.w3.org/2000/svg\"") && !s.StartsWith("://www.w3.org/1999/xlink\""));
        var svgs = html.Split("<svg ").Skip(1).Select(s => "<svg " + s[..(s.IndexOf("</svg>") + 6)]).ToList();
        // 2 trade-off scatters, 1 grouped bar chart, 1 training-curve chart, 3 cost charts.
        Assert.Equal(7, svgs.Count);
        // Ids are unique in the page (each inline SVG's clip paths are prefixed), and every url(#id) resolves.
        var ids = System.Text.RegularExpressions.Regex.Matches(html, "id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(System.Text.RegularExpressions.Regex.Matches(html, @"url\(#([^)]+)\)"), m => Assert.Contains(m.Groups[1].Value, ids));
        foreach (var svg in svgs)
        {
            var doc = XDocument.Parse(svg);
            Assert.Contains(doc.Descendants(), e => e.Name.LocalName == "text");
        }
        var text = System.Net.WebUtility.HtmlDecode(html);
        Assert.Contains("76.12 ± 0.33 (3)", text);
        Assert.Contains("loss is NaN at epoch 1, step 3", text);
        Assert.Contains("Published vs measured", html);
        Assert.Contains("c0ffee1", html);
        Assert.Contains("Pareto front", html);
    }
}
