using System.Text.Json;
using Ablation.Reports.Aggregation;
using Ablation.Reports.Schema;

namespace Ablation.Reports.Tests;

public class AggregatorTests
{
    private static IReadOnlyList<ConfigurationSummary> Summaries()
    {
        var (runs, epochs) = SampleStudy.Build();
        return Aggregator.Summarize(runs, epochs, BaselineSpec.NoAttention);
    }

    [Fact]
    public void Groups_by_configuration_with_the_baseline_first()
    {
        var s = Summaries();
        Assert.Equal(["none()@block", "bam()@stage", "cbam()@block", "se(reduction=16)@block"],
            s.Select(c => $"{c.Key.Attention}({c.Key.AttentionOptions})@{c.Key.Placement}"));
        Assert.True(s[0].IsBaseline);
        Assert.Null(s[0].Delta);
        Assert.All(s.Skip(1), c => Assert.Equal("none", c.Delta!.Baseline.Attention));
        Assert.All(s, c => Assert.Equal("", c.Key.Variant));   // the recipe is the same everywhere
    }

    [Fact]
    public void Statistics_over_seeds_count_only_done_runs()
    {
        var cbam = Summaries().Single(c => c.Key.Attention == "cbam");
        Assert.Equal(2, cbam.Runs);
        Assert.Equal(1, cbam.Done);
        Assert.Equal(1, cbam.Failed);
        Assert.Equal(1, cbam.Top1.N);
        Assert.Equal("n < 2", cbam.Delta!.Flag);

        var se = Summaries().Single(c => c.Key.Attention == "se");
        Assert.Equal([0L, 1, 2], se.Seeds);
        Assert.Equal((0.7612 + 0.7580 + 0.7645) / 3, se.Top1.Mean, 12);
        Assert.Equal(0.7580, se.Top1.Min);
        Assert.Equal(0.7645, se.Top1.Max);
        Assert.Equal((0.7612 + 0.7580 + 0.7645) / 3 + 0.005, se.BestTop1.Mean, 12);
        Assert.Equal(901, se.TrainImgS.Mean, 12);          // 900 + seed, seeds 0..2
        Assert.Equal(1.0, se.TrainImgS.Std, 12);
        Assert.Equal(SampleStudy.SeParams, se.Params.Mean);
        Assert.Equal(0.0, se.Params.Std);
        // best top-5 from the epochs table: max over epochs of test_top5 = min(1, top1 + 0.2)
        Assert.Equal((0.9612 + 0.9580 + 0.9645) / 3, se.BestTop5.Mean, 12);
        Assert.Equal([1, 2], se.Curve.Select(p => p.Epoch));
        Assert.Equal(se.Top1.Mean - 0.1, se.Curve[0].Primary.Mean, 12);
    }

    [Fact]
    public void Deltas_against_the_baseline()
    {
        var se = Summaries().Single(c => c.Key.Attention == "se");
        var d = se.Delta!;
        Assert.Equal((SampleStudy.SeParams - SampleStudy.NoneParams) / 1e3, d.ParamsK, 9);   // +2.016 k
        Assert.Equal((SampleStudy.SeMacs - SampleStudy.NoneMacs) / 1e6, d.MacsM, 9);         // +0.066816 M
        Assert.Equal((1001.0 / 901.0 - 1) * 100, d.TrainTimePct, 9);                          // time per image
        Assert.Equal((4001.0 / 3601.0 - 1) * 100, d.InferTimePct, 9);
        // Welch vs scipy: the "three_seeds" case of Fixtures/welch.json (tests/reference/reports_welch.py).
        var c = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "tests", "Reports.Tests", "Fixtures", "welch.json")))
            .RootElement.GetProperty("three_seeds");
        Assert.Equal(c.GetProperty("diff").GetDouble(), d.PrimaryPp, 9);
        Assert.Equal(c.GetProperty("p").GetDouble(), d.PrimaryTest.P, 7);
        Assert.Equal(c.GetProperty("ci95")[0].GetDouble(), d.PrimaryTest.CiLow, 6);
        Assert.Null(d.Flag);                                    // p = 0.017: significant
        var bam = Summaries().Single(c => c.Key.Attention == "bam");
        Assert.Equal("none", bam.Delta!.Baseline.Attention);   // baseline found across placements
        Assert.True(bam.Delta.PrimaryPp < 0);
    }

    [Fact]
    public void Recipe_fields_that_vary_become_part_of_the_key()
    {
        var (runs, epochs) = SampleStudy.Build();
        var more = runs.Where(r => r.Attention is "none" or "se").Select(r => r with { RunId = r.RunId + "-lr", Recipe = "{\"epochs\":2,\"lr\":0.05}" });
        var s = Aggregator.Summarize([.. runs, .. more], epochs, BaselineSpec.NoAttention);
        Assert.Contains(s, c => c.Key.Variant == "lr=0.05" && c.Key.Attention == "se" && c.Delta!.Baseline.Variant == "lr=0.05");
        Assert.Contains(s, c => c.Key.Variant == "lr=0.1" && c.Key.Attention == "bam");
    }

    [Fact]
    public void Without_a_baseline_there_are_no_deltas()
    {
        var (runs, epochs) = SampleStudy.Build();
        Assert.All(Aggregator.Summarize(runs, epochs), c => Assert.Null(c.Delta));
        var pending = runs.Select(r => r with { Status = RunStatus.Pending, Top1 = null });
        Assert.All(Aggregator.Summarize(pending.ToList(), [], BaselineSpec.NoAttention), c => Assert.Equal(0, c.Top1.N));
    }
}
