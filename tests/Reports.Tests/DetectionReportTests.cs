using System.Globalization;
using System.Xml.Linq;
using Ablation.Reports.Aggregation;
using Ablation.Reports.Output;
using Ablation.Reports.Papers;

namespace Ablation.Reports.Tests;

/// <summary>
/// Every output of `ablate report` for a detection store says mAP where it shows mAP, with the right numbers
/// (Welch's test against scipy's, Fixtures/welch.json), and a classification store in the same report keeps top-1.
/// </summary>
public class DetectionReportTests
{
    private const string PaperYaml = """
        title: "Detection paper"
        table: "Table 3"
        dataset: shapes
        tolerance: { map_pp: 0.5, params_rel: 0.001, macs_rel: 0.01 }
        results:
          - { backbone: yolov5n, attention: none, params_m: 1.77, gmacs: 0.0207, map: 70.4, map50: 90.0 }
          - { backbone: yolov5n, attention: eca, placement: backbone-end, map: 72.0, map50: 90.1 }
        """;

    private static readonly Lazy<(Report Report, string Dir)> Detection = new(() =>
    {
        var (runs, epochs) = DetectionStudy.Build();
        var paper = PaperTableLoader.Parse(new StringReader(PaperYaml), "papers/det.yaml");
        var report = Report.Build("Detection ablation", runs, epochs, BaselineSpec.NoAttention, paper,
            generatedAt: new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero));
        var dir = TestStore.NewDirectory();
        ReportWriter.Write(report, dir);
        return (report, dir);
    });

    /// <summary>One report over the classification sample and the detection sample, both in experiment "sample".</summary>
    private static readonly Lazy<(Report Report, string Dir)> Mixed = new(() =>
    {
        var (cls, clsEpochs) = SampleStudy.Build();
        var (det, detEpochs) = DetectionStudy.Build(SampleStudy.Experiment);
        var report = Report.Build("Mixed", [.. cls, .. det], [.. clsEpochs, .. detEpochs], BaselineSpec.NoAttention,
            generatedAt: new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero));
        var dir = TestStore.NewDirectory();
        ReportWriter.Write(report, dir);
        return (report, dir);
    });

    private static string File(string name) => System.IO.File.ReadAllText(Path.Combine(Detection.Value.Dir, name));

    private static double D(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
    private static string F2(double v) => v.ToString("F2", CultureInfo.InvariantCulture);

    [Fact]
    public void The_primary_metric_of_a_detector_is_its_map_and_the_welch_test_is_of_map()
    {
        var s = Detection.Value.Report.Configurations;
        var eca = s.Single(c => c.Key.Attention == "eca");
        var w = DetectionStudy.Welch;
        Assert.Equal(TaskMetrics.Detection, eca.Metrics);
        Assert.Equal(0, eca.Top1.N);                                                  // a detector has no top-1
        Assert.Equal(w.GetProperty("mean_a").GetDouble(), eca.Primary.Mean * 100, 9);
        Assert.Equal(w.GetProperty("std_a").GetDouble(), eca.Primary.Std * 100, 9);
        Assert.Equal(w.GetProperty("mean_a").GetDouble() + 20, eca.Map50.Mean * 100, 9);
        Assert.Equal(w.GetProperty("mean_a").GetDouble() - 10, eca.Map75.Mean * 100, 9);
        Assert.Equal(w.GetProperty("mean_a").GetDouble() + 1, eca.BestPrimary.Mean * 100, 9);   // the second epoch, from the epochs' mAP
        var d = eca.Delta!;
        Assert.Equal(w.GetProperty("diff").GetDouble(), d.PrimaryPp, 9);
        Assert.Equal(w.GetProperty("p").GetDouble(), d.PrimaryTest.P, 7);
        Assert.Equal(w.GetProperty("ci95")[0].GetDouble(), d.PrimaryTest.CiLow, 6);
        Assert.Equal("not significant", d.Flag);
        // Curves: the validation mAP per epoch over the seeds.
        Assert.Equal([1, 2, 3], eca.Curve.Select(p => p.Epoch));
        Assert.Equal(eca.Primary.Mean - 0.1, eca.Curve[0].Primary.Mean, 12);
        Assert.Equal(eca.Primary.Mean, eca.Curve[2].Primary.Mean, 12);
    }

    [Fact]
    public void Per_class_ap_is_averaged_over_the_seeds_that_have_the_class()
    {
        var eca = Detection.Value.Report.Configurations.Single(c => c.Key.Attention == "eca");
        Assert.Equal(["rectangle", "ellipse", "triangle"], eca.PerClassAp.Select(a => a.Name));
        Assert.Equal(DetectionStudy.EcaMap.Average() + 0.02, eca.PerClassAp[0].Ap.Mean, 12);
        Assert.Equal(DetectionStudy.EcaMap.Average() + 0.22, eca.PerClassAp[0].Ap50.Mean, 12);
        Assert.Equal(3, eca.PerClassAp[1].Ap.N);
        Assert.Equal(2, eca.PerClassAp[2].Ap.N);                                      // seed 0 has no triangle (-1)
        Assert.Equal((0.715 + 0.692) / 2, eca.PerClassAp[2].Ap.Mean, 12);
    }

    [Fact]
    public void The_markdown_and_latex_tables_lead_with_map_and_its_numbers()
    {
        var md = File("table.md");
        var w = DetectionStudy.Welch;
        Assert.Contains("| Backbone | Attention | Placement | mAP@0.5:0.95 (%) | Δ mAP (pp) | mAP50 (%) | mAP75 (%) | Params (M) |", md);
        Assert.Contains("final-epoch validation COCO mAP@0.5:0.95, mean ± std over seeds (n)", md);
        string eca = $"{F2(w.GetProperty("mean_a").GetDouble())} ± {F2(w.GetProperty("std_a").GetDouble())} (3)";   // 70.23 ± 1.17 (3)
        // Δ -0.20 without a mark: p = 0.81, within the spread over seeds. mAP50 = mAP + 20 pp, mAP75 = mAP - 10 pp.
        Assert.Contains($"| yolov5n | eca | backbone-end | {eca} | {Numbers.Signed(w.GetProperty("diff").GetDouble(), 2)} | 90.23 ± 1.17 (3) | 60.23 ± 1.17 (3) | **1.768** | +0.0050 |", md);
        Assert.Contains($"| yolov5n | none | – | **{F2(w.GetProperty("mean_b").GetDouble())} ± {F2(w.GetProperty("std_b").GetDouble())} (3)** | baseline | **90.43 ± 0.65 (3)** |", md);
        Assert.Contains("of mAP@0.5:0.95 for Δ mAP", md);
        Assert.DoesNotContain("top-1", md, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("top-5", md, StringComparison.OrdinalIgnoreCase);

        var tex = File("table.tex");
        Assert.Empty(LatexSyntax.Problems(tex));
        Assert.Contains("\\begin{tabular}{lllrrrrrrrrrrrr}", tex);                  // 15 columns: 3 text, 12 numbers
        Assert.Contains("Backbone & Attention & Placement & mAP@0.5:0.95 (\\%) & $\\Delta$ mAP (pp) & mAP50 (\\%) & mAP75 (\\%) &", tex);
        Assert.Contains("70.23 $\\pm$ 1.17 (3) & -0.20 & 90.23 $\\pm$ 1.17 (3)", tex);
        Assert.DoesNotContain("top-1", tex, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_csv_files_fill_the_map_columns_and_leave_top1_empty()
    {
        var w = DetectionStudy.Welch;
        var rows = CsvRows.Read(Path.Combine(Detection.Value.Dir, "summary.csv"));
        var eca = rows.Single(r => r["attention"] == "eca");
        Assert.Equal(("detection", "map", "3"), (eca["task"], eca["primary_metric"], eca["n"]));
        Assert.Equal(w.GetProperty("mean_a").GetDouble(), D(eca["map_pct_mean"]), 9);
        Assert.Equal(w.GetProperty("std_a").GetDouble(), D(eca["map_pct_std"]), 9);
        Assert.Equal(w.GetProperty("mean_a").GetDouble() + 20, D(eca["map50_pct_mean"]), 9);
        Assert.Equal(w.GetProperty("mean_a").GetDouble() - 10, D(eca["map75_pct_mean"]), 9);
        Assert.Equal(w.GetProperty("mean_a").GetDouble() + 1, D(eca["best_map_pct_mean"]), 9);
        Assert.Equal(w.GetProperty("diff").GetDouble(), D(eca["delta_map_pp"]), 9);
        Assert.Equal(w.GetProperty("p").GetDouble(), D(eca["welch_p"]), 7);
        Assert.Equal(w.GetProperty("ci95")[1].GetDouble(), D(eca["delta_map_ci95_high_pp"]), 6);
        Assert.Equal("not significant", eca["flag"]);
        foreach (var column in new[] { "top1_pct_mean", "top5_pct_mean", "best_top1_pct_mean", "delta_top1_pp", "delta_top1_ci95_low_pp" })
            Assert.Equal("", eca[column]);

        var runs = CsvRows.Read(Path.Combine(Detection.Value.Dir, "runs.csv"));
        var run = runs.Single(r => r["run_id"] == "det-eca-1");
        Assert.Equal("detection", run["task"]);
        Assert.Equal(71.5, D(run["map_pct"]), 9);
        Assert.Equal(91.5, D(run["map50_pct"]), 9);
        Assert.Equal(61.5, D(run["map75_pct"]), 9);
        Assert.Equal("", run["top1_pct"]);
        Assert.Contains("\"name\":\"triangle\"", run["per_class_ap"]);
    }

    [Fact]
    public void Charts_are_named_and_labelled_map()
    {
        var dir = Path.Combine(Detection.Value.Dir, "figures");
        var names = Directory.GetFiles(dir, "*.svg").Select(Path.GetFileNameWithoutExtension).Order().ToList();
        Assert.Equal(
        [
            "cost-macs-yolov5n-det-sample-shapes", "cost-params-yolov5n-det-sample-shapes", "cost-train-time-yolov5n-det-sample-shapes",
            "curves-yolov5n-det-sample-shapes", "map-bars-yolov5n-det-sample-shapes", "map-vs-macs-det-sample-shapes",
            "map-vs-train-throughput-det-sample-shapes",
        ], names);
        string Text(string name) => string.Join(" ", XDocument.Load(Path.Combine(dir, name + ".svg")).Descendants()
            .Where(e => e.Name.LocalName == "text").Select(e => e.Value));
        Assert.Contains("mAP@0.5:0.95 vs MACs", Text("map-vs-macs-det-sample-shapes"));
        Assert.Contains("mAP@0.5:0.95 (%)", Text("map-vs-macs-det-sample-shapes"));
        Assert.Contains("mAP@0.5:0.95 (%)", Text("map-vs-train-throughput-det-sample-shapes"));
        Assert.Contains("mAP@0.5:0.95 per attention", Text("map-bars-yolov5n-det-sample-shapes"));
        Assert.Contains("Validation mAP@0.5:0.95 per epoch", Text("curves-yolov5n-det-sample-shapes"));
        foreach (var name in names) Assert.DoesNotContain("top-1", Text(name), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_html_report_says_map_and_shows_ap_per_class()
    {
        var html = System.Net.WebUtility.HtmlDecode(File("report.html"));
        Assert.DoesNotContain("top-1", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<h2>mAP and cost</h2>", html);
        Assert.Contains("<h2>mAP per attention and placement</h2>", html);
        Assert.Contains("<h2>AP per class</h2>", html);
        Assert.Contains("AP@0.5:0.95 per class (%)", html);
        Assert.Contains("AP50 per class (%)", html);
        // rectangle's AP of eca: mAP + 2 pp over three seeds; triangle's: seeds 1 and 2 only.
        var eca = DetectionStudy.EcaMap;
        Assert.Contains($">rectangle</td><td class=\"num\"><b>{F2(DetectionStudy.NoneMap.Average() * 100 + 2)} ± ", html);   // none is the best
        Assert.Contains($"{F2(eca.Average() * 100 + 2)} ± {F2(Statistic.Of(eca.Select(v => v * 100)).Std)} (3)", html);
        Assert.Contains($"{F2((eca[1] + eca[2]) / 2 * 100)} ± {F2(Math.Abs(eca[1] - eca[2]) / Math.Sqrt(2) * 100)} (2)", html);
        Assert.Contains("<th class=\"num\">eca@backbone-end</th>", html);
    }

    [Fact]
    public void The_paper_comparison_compares_map_and_map50()
    {
        var md = File("table.md");
        Assert.Contains("| Backbone | Attention | Placement | mAP@0.5:0.95 paper (%) | mAP@0.5:0.95 ours (%) | Δ (pp) | ok | mAP50 paper (%) | mAP50 ours (%) | Δ (pp) | ok | Params paper (M) |", md);
        // none: 70.43 vs 70.4 (+0.03, within 0.5 pp), mAP50 90.43 vs 90.0 (+0.43); eca: 70.23 vs 72.0 (-1.77), 90.23 vs 90.1.
        Assert.Contains("| yolov5n | none | none | 70.4 | 70.43 ± 0.65 (3) | +0.03 | ✓ | 90.0 | 90.43 ± 0.65 (3) | +0.43 | ✓ | 1.77 | 1.768 |", md);
        Assert.Contains("| yolov5n | eca | backbone-end | 72.0 | 70.23 ± 1.17 (3) | -1.77 | ✗ | 90.1 | 90.23 ± 1.17 (3) | +0.13 | ✓ |", md);
        Assert.Contains("mAP@0.5:0.95 and mAP50 within 0.5 pp", md);
        var c = Detection.Value.Report.PaperComparisons.Single(x => x.Published.Attention == "eca");
        Assert.Equal(DetectionStudy.EcaMap.Average() * 100 - 72.0, c.PrimaryDiffPp, 9);
        Assert.False(c.PrimaryReproduced);
        Assert.True(c.Map50Reproduced);
    }

    [Fact]
    public void A_paper_row_is_a_classifiers_or_a_detectors()
    {
        var e = Assert.Throws<PaperFormatException>(() => PaperTableLoader.Parse(new StringReader(
            "title: t\nresults:\n  - { backbone: yolov5n, attention: none, top1: 70.1, map: 30.2 }\n"), "p.yaml"));
        Assert.Contains("p.yaml:3:", e.Message);
        Assert.Contains("map: a row is a classifier's (top1, top5) or a detector's (map, map50), not both", e.Message);
        var t = PaperTableLoader.Parse(new StringReader("title: t\ntolerance: { map_pp: 1.5 }\nresults:\n  - { backbone: yolov5n, attention: none, map: 28.0, map50: 45.7 }\n"), "p.yaml");
        Assert.Equal((28.0, 1, 45.7), (t.Results[0].Map!.Value, t.Results[0].Map!.Decimals, t.Results[0].Map50!.Value));
        Assert.Equal(1.5, t.Tolerance.MapPp);
    }

    [Fact]
    public void A_mixed_report_labels_each_table_and_chart_with_its_own_metric()
    {
        var (report, dir) = Mixed.Value;
        var tables = PaperStyleTable.Build(report.Configurations, report.Baseline);
        Assert.Equal(2, tables.Count);
        var cls = tables.Single(t => t.Rows.All(r => r[0].Text == "resnet20"));
        var det = tables.Single(t => t.Rows.All(r => r[0].Text == "yolov5n"));
        Assert.Equal("Top-1 (%)", cls.Headers[3]);
        Assert.Equal("Δ Top-1 (pp)", cls.Headers[4]);
        Assert.Equal(13, cls.Headers.Count);
        Assert.DoesNotContain(cls.Headers.Concat(cls.Footnotes).Append(cls.Caption), h => h.Contains("mAP"));
        Assert.Equal("76.12 ± 0.33 (3)", cls.Rows.Single(r => r[1].Text == "se(reduction=16)")[3].Text);   // SampleStudy: top-1 of se
        Assert.Equal("mAP@0.5:0.95 (%)", det.Headers[3]);
        Assert.Equal("70.23 ± 1.17 (3)", det.Rows.Single(r => r[1].Text == "eca")[3].Text);
        Assert.DoesNotContain(det.Headers.Concat(det.Footnotes).Append(det.Caption), h => h.Contains("op-1"));
        // The detector's baseline is the detector's none, not the classifier's.
        Assert.Equal("yolov5n", report.Configurations.Single(c => c.Key.Attention == "eca").Delta!.Baseline.Backbone);

        var figures = Directory.GetFiles(Path.Combine(dir, "figures"), "*.svg").Select(Path.GetFileNameWithoutExtension).ToList();
        Assert.Contains("top1-vs-macs-sample-cifar10", figures);
        Assert.Contains("map-vs-macs-sample-shapes", figures);
        Assert.Contains("top1-bars-resnet20-sample-cifar10", figures);
        Assert.Contains("map-bars-yolov5n-sample-shapes", figures);

        var rows = CsvRows.Read(Path.Combine(dir, "summary.csv"));
        Assert.All(rows, r => Assert.Equal(r["backbone"] == "yolov5n" ? "map" : "top1", r["primary_metric"]));
        Assert.Equal(76.1233, D(rows.Single(r => r["attention"] == "se")["top1_pct_mean"]), 3);
        Assert.Equal("", rows.Single(r => r["attention"] == "se")["map_pct_mean"]);
        var html = System.Net.WebUtility.HtmlDecode(System.IO.File.ReadAllText(Path.Combine(dir, "report.html")));
        Assert.Contains("<h2>Accuracy and cost</h2>", html);
        Assert.Contains("<h2>mAP and cost</h2>", html);
    }

    [Fact]
    public void A_detector_configuration_without_results_takes_its_neighbours_task()
    {
        var (runs, epochs) = DetectionStudy.Build();
        // Every eca run failed before it recorded results (no task written), as a crashed worker leaves it.
        runs = runs.Select(r => r.Attention == "eca"
            ? r with { Status = Schema.RunStatus.Failed, Task = null, Map = null, Map50 = null, Map75 = null, PerClassAp = null } : r).ToList();
        var eca = Aggregator.Summarize(runs, epochs, BaselineSpec.NoAttention).Single(c => c.Key.Attention == "eca");
        Assert.Equal(TaskMetrics.Detection, eca.Metrics);
        var table = PaperStyleTable.Build(Aggregator.Summarize(runs, epochs, BaselineSpec.NoAttention), BaselineSpec.NoAttention);
        Assert.Equal("mAP@0.5:0.95 (%)", Assert.Single(table).Headers[3]);
    }
}
