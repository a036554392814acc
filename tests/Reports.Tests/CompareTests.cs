using Ablation.Harness.Cli;
using Ablation.Reports.Compare;
using Ablation.Reports.Schema;

namespace Ablation.Reports.Tests;

public class CompareTests
{
    private static string Store(Func<RunRecord, RunRecord>? change = null, Func<List<RunRecord>, List<RunRecord>>? edit = null)
    {
        var (runs, epochs) = SampleStudy.Build();
        runs = runs.Select(change ?? (r => r)).ToList();
        if (edit is not null) runs = edit(runs);
        var dir = TestStore.NewDirectory();
        var ids = runs.Select(r => r.RunId).ToHashSet();
        TestStore.Write(Path.Combine(dir, "ablation.db"), runs, epochs.Where(e => ids.Contains(e.RunId)));
        return dir;
    }

    private static (int Exit, string Out, string Err) Cli(string current, string baseline, params string[] tolerance)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        int exit = CompareCommand.Run(current, baseline, tolerance, null, o, e);
        return (exit, o.ToString(), e.ToString());
    }

    private static CompareResult Check(string current, string baseline, CompareTolerance? tol = null) =>
        RegressionCheck.Compare(MeasuresSource.Load(current), MeasuresSource.Load(baseline), tol);

    [Fact]
    public void An_unchanged_store_passes()
    {
        var baseline = Store();
        var current = Store();
        var (exit, output, _) = Cli(current, baseline);
        Assert.Equal(0, exit);
        Assert.StartsWith("OK: 4 configurations compared, 0 regression(s), 0 improvement(s)", output.Trim());
        Assert.Empty(Check(current, baseline).Findings);
    }

    [Fact]
    public void A_store_matches_its_own_summary_csv()
    {
        // The committed form of a baseline is the report's summary.csv: reading it back must change nothing.
        var store = Store();
        var csv = Path.Combine(TestStore.NewDirectory(), "summary.csv");
        var (runs, epochs) = SampleStudy.Build();
        Output.SummaryCsv.Write(csv, Report.Build("sample", runs, epochs, Aggregation.BaselineSpec.NoAttention).Configurations);
        Assert.Empty(Check(store, csv).Findings);
        Assert.Equal(0, Cli(csv, store).Exit);
    }

    [Fact]
    public void An_injected_accuracy_drop_is_caught()
    {
        var baseline = Store();
        var current = Store(r => r.Attention == "se" ? r with { Top1 = r.Top1 - 0.03 } : r);   // -3 pp on every seed
        var (exit, output, _) = Cli(current, baseline);
        Assert.Equal(1, exit);
        Assert.Contains("REGRESSION", output);
        var f = Assert.Single(Check(current, baseline).Findings);
        Assert.Equal(("se", "top-1", FindingKind.Regression), (f.Key.Attention, f.Metric, f.Kind));
        Assert.Equal("-3.00 pp", f.Change);
    }

    [Fact]
    public void A_drop_within_the_seeds_spread_passes()
    {
        // bam: std 1.17 pp over 3 seeds, so 2 x sqrt(2 x 1.17²/3) = 1.91 pp; a 1.5 pp drop is noise.
        var baseline = Store();
        var current = Store(r => r.Attention == "bam" ? r with { Top1 = r.Top1 - 0.015 } : r);
        Assert.Empty(Check(current, baseline).Findings);
        // With a smaller spread allowance it is a regression.
        Assert.True(Check(current, baseline, new CompareTolerance(SpreadSigmas: 1)).HasRegression);
    }

    [Fact]
    public void Any_change_of_params_or_macs_is_reported()
    {
        var baseline = Store();
        var current = Store(r => r.Attention == "cbam" ? r with { Params = r.Params + 1, Macs = r.Macs - 64 } : r);
        var findings = Check(current, baseline).Findings;
        Assert.Equal(["MACs", "params"], findings.Select(f => f.Metric).Order());
        Assert.All(findings, f => Assert.Equal(FindingKind.Regression, f.Kind));
        Assert.Equal(1, Cli(current, baseline).Exit);
    }

    [Fact]
    public void Throughput_and_memory_beyond_noise()
    {
        var baseline = Store();
        var slower = Store(r => r.Attention == "se" ? r with { TrainImgS = r.TrainImgS * 0.8 } : r);
        Assert.Equal(("train img/s", FindingKind.Regression), Assert.Single(Check(slower, baseline).Findings) is var f ? (f.Metric, f.Kind) : default);
        var noise = Store(r => r with { TrainImgS = r.TrainImgS * 0.95, InferImgS = r.InferImgS * 1.05, PeakMemBytes = (long?)(r.PeakMemBytes * 1.05) });
        Assert.Empty(Check(noise, baseline).Findings);
        var faster = Store(r => r.Attention == "none" ? r with { InferImgS = r.InferImgS * 1.3 } : r);
        var (exit, output, _) = Cli(faster, baseline);
        Assert.Equal(0, exit);                                  // an improvement passes the gate
        Assert.Contains("improvement", output);
        var bigger = Store(r => r with { PeakMemBytes = r.PeakMemBytes * 2 });
        Assert.All(Check(bigger, baseline).Findings, f => Assert.Equal(("peak memory (bytes)", FindingKind.Regression), (f.Metric, f.Kind)));
        Assert.Equal(4, Check(bigger, baseline).Findings.Count);
        Assert.Empty(Check(bigger, baseline, CompareTolerance.Default.With(["memory=150%"])).Findings);
    }

    [Fact]
    public void Missing_configurations_fail_and_new_ones_are_noted()
    {
        var baseline = Store();
        var missing = Store(edit: runs => runs.Where(r => r.Attention != "bam").ToList());
        var f = Assert.Single(Check(missing, baseline).Findings);
        Assert.Equal(("bam", FindingKind.Regression), (f.Key.Attention, f.Kind));
        Assert.Equal(1, Cli(missing, baseline).Exit);
        Assert.Equal(0, Cli(baseline, missing).Exit);           // bam is new on this side: a note
        var allFailed = Store(r => r.Attention == "se" ? r with { Status = RunStatus.Failed, Top1 = null } : r);
        Assert.Contains(Check(allFailed, baseline).Findings, x => x.Key.Attention == "se" && x.Kind == FindingKind.Regression && x.Current == "no done runs");
    }

    [Fact]
    public void Bad_input_exits_2_with_one_line()
    {
        var store = Store();
        var (exit, _, err) = Cli(Path.Combine(store, "nope"), store);
        Assert.Equal(2, exit);
        Assert.Contains("no such file or directory", err);
        (exit, _, err) = Cli(store, store, "speed=3");
        Assert.Equal(2, exit);
        Assert.Contains("--tolerance: unknown name 'speed'", err);
        (exit, _, err) = Cli(store, store, "accuracy=-1");
        Assert.Equal(2, exit);
        var notCsv = Path.Combine(TestStore.NewDirectory(), "x.csv");
        File.WriteAllText(notCsv, "a,b\n1,2\n");
        (exit, _, err) = Cli(notCsv, store);
        Assert.Equal(2, exit);
        Assert.Contains("not a summary.csv", err);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public void Tolerance_settings_parse()
    {
        var t = CompareTolerance.Default.With(["accuracy=0.5,throughput=15%", "macs=0.001", "spread=3", "memory=0.2", "params=1%"]);
        Assert.Equal(new CompareTolerance(0.5, 3, 0.01, 0.001, 0.15, 0.2), t);
    }
}
