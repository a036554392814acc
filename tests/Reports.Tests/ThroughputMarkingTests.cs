using Ablation.Reports.Aggregation;
using Ablation.Reports.Output;
using Ablation.Reports.Schema;

namespace Ablation.Reports.Tests;

/// <summary>
/// Throughput differences are marked like accuracy differences: significant (*), within the spread over
/// seeds (no mark, "(n.s.)" on the cost chart), untested (†); and the report says how throughput was measured.
/// </summary>
public class ThroughputMarkingTests
{
    private static RunRecord Run(string attention, long seed, double trainImgS, double? load = null, string? method = ThroughputMethods.Bench) =>
        new($"{attention}-{seed}", "thr", "resnet20", attention, "{}", "block", "cifar10", seed, "{}", RunStatus.Done,
            Params: 1000, Macs: 2000, TrainImgS: trainImgS, InferImgS: 4 * trainImgS, Top1: 0.7 + 0.001 * seed,
            LoadAvg: load, ThroughputMethod: method);

    private static IReadOnlyList<ConfigurationSummary> Summaries(params RunRecord[] runs) => Aggregator.Summarize(runs, [], BaselineSpec.NoAttention);

    [Fact]
    public void A_noisy_difference_within_the_spread_over_seeds_is_not_marked()
    {
        // none: 1000 ± 1 img/s; eca: 960, 1040, 1000 — mean the same order, spread 40: Welch p ≈ 0.9.
        var s = Summaries(Run("none", 0, 1000), Run("none", 1, 1001), Run("none", 2, 999),
                          Run("eca", 0, 960), Run("eca", 1, 1040), Run("eca", 2, 1010),
                          Run("se", 0, 900), Run("se", 1, 901), Run("se", 2, 899));
        var eca = s.Single(c => c.Key.Attention == "eca").Delta!;
        var se = s.Single(c => c.Key.Attention == "se").Delta!;
        Assert.False(eca.TrainThroughputTest.Significant);
        Assert.Equal("not significant", eca.TrainTimeFlag);
        Assert.True(se.TrainThroughputTest.Significant);
        Assert.Null(se.TrainTimeFlag);

        var table = PaperStyleTable.Build(s, BaselineSpec.NoAttention).Single();
        string Cell(string attention) => table.Rows.Single(r => r[1].Text == attention)[10].Text;
        Assert.Equal(Numbers.Signed(eca.TrainTimePct, 1), Cell("eca"));                              // no mark
        Assert.Equal(Numbers.Signed(se.TrainTimePct, 1) + PaperStyleTable.SignificantMark, Cell("se"));

        var costs = ReportCharts.Build(s).Single(c => c.Name.StartsWith("cost-train-time"));
        var categories = ((Charts.BarChart)costs.Chart).Categories;
        Assert.Contains("eca@block" + ReportCharts.NotSignificant, categories);
        Assert.Contains("se@block", categories);
        Assert.Contains("within the spread over seeds", costs.Caption);
    }

    [Fact]
    public void One_seed_is_untested_and_the_captions_say_how_throughput_was_measured()
    {
        var s = Summaries(Run("none", 0, 1000, load: 0.5), Run("none", 1, 1001, load: 1.9), Run("cbam", 0, 800, load: 0.7));
        var cbam = s.Single(c => c.Key.Attention == "cbam").Delta!;
        Assert.Equal("n < 2", cbam.TrainTimeFlag);
        var table = PaperStyleTable.Build(s, BaselineSpec.NoAttention).Single();
        Assert.EndsWith(PaperStyleTable.UntestedMark, table.Rows.Single(r => r[1].Text == "cbam")[10].Text);
        var costs = (Charts.BarChart)ReportCharts.Build(s).Single(c => c.Name.StartsWith("cost-train-time")).Chart;
        Assert.Equal(["cbam@block" + ReportCharts.Untested], costs.Categories);

        var scatter = ReportCharts.Build(s).Single(c => c.Name.StartsWith("top1-vs-train-throughput"));
        Assert.Contains("warm fixed-batch benchmark", scatter.Caption);
        Assert.Contains("1-min load average 0.5–1.9", scatter.Caption);
        var wall = ReportCharts.Build(Summaries(Run("none", 0, 1000, method: null), Run("se", 0, 900, method: null)))
            .Single(c => c.Name.StartsWith("top1-vs-train-throughput"));
        Assert.Contains("training wall time", wall.Caption);
    }
}
