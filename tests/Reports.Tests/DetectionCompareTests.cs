using Ablation.Harness.Cli;
using Ablation.Reports.Compare;
using Ablation.Reports.Schema;

namespace Ablation.Reports.Tests;

/// <summary>`ablate compare` gates a detection store on mAP, says so, and reads a detection summary.csv back as mAP.</summary>
public class DetectionCompareTests
{
    private static string Store(Func<RunRecord, RunRecord>? change = null)
    {
        var (runs, epochs) = DetectionStudy.Build();
        var dir = TestStore.NewDirectory();
        TestStore.Write(Path.Combine(dir, "ablation.db"), runs.Select(change ?? (r => r)), epochs);
        return dir;
    }

    private static (int Exit, string Out) Cli(string current, string baseline)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        int exit = CompareCommand.Run(current, baseline, [], null, o, e);
        return (exit, o.ToString() + e);
    }

    [Fact]
    public void A_map_drop_is_a_map_regression()
    {
        var baseline = Store();
        var current = Store(r => r.Attention == "eca" ? r with { Map = r.Map - 0.04 } : r);   // -4 pp on every seed
        var (exit, output) = Cli(current, baseline);
        Assert.Equal(1, exit);
        var f = Assert.Single(RegressionCheck.Compare(MeasuresSource.Load(current), MeasuresSource.Load(baseline)).Findings);
        Assert.Equal(("eca", "mAP", FindingKind.Regression, "-4.00 pp"), (f.Key.Attention, f.Metric, f.Kind, f.Change));
        Assert.Equal("70.23 ± 1.17 (n=3)", f.Baseline);                                    // mAP@0.5:0.95 in percent, Fixtures/welch.json mean_a, std_a
        Assert.Contains(" mAP ", output);
        Assert.DoesNotContain("top-1", output);
        // A top-1 change means nothing to a detector: top-1 is not what it is judged by.
        Assert.Equal(0, Cli(Store(r => r with { Top1 = 0.1 }), baseline).Exit);
    }

    [Fact]
    public void A_detection_store_matches_its_own_summary_csv()
    {
        var store = Store();
        var (runs, epochs) = DetectionStudy.Build();
        var csv = Path.Combine(TestStore.NewDirectory(), "summary.csv");
        Output.SummaryCsv.Write(csv, Report.Build("det", runs, epochs, Aggregation.BaselineSpec.NoAttention).Configurations);
        var read = Output.SummaryCsv.Read(csv);
        Assert.All(read, m => Assert.Equal(Aggregation.TaskMetrics.Detection, m.Metrics));
        Assert.Equal(DetectionStudy.EcaMap.Average() * 100, read.Single(m => m.Key.Attention == "eca").PrimaryPct.Mean, 9);
        Assert.Empty(RegressionCheck.Compare(MeasuresSource.Load(store), MeasuresSource.Load(csv)).Findings);
        Assert.Equal(0, Cli(csv, store).Exit);
        // A summary.csv whose primary_metric is neither top1 nor map is refused with its line.
        var bad = Path.Combine(TestStore.NewDirectory(), "summary.csv");
        File.WriteAllText(bad, File.ReadAllText(csv).Replace(",detection,map,", ",detection,ap,"));
        var (exit, output) = Cli(bad, store);
        Assert.Equal(2, exit);
        Assert.Contains("primary_metric: 'ap' is not top1 or map", output);
    }
}
