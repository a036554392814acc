using Ablation.Reports.Aggregation;
using Ablation.Reports.Papers;

namespace Ablation.Reports.Tests;

public class PaperComparisonTests
{
    private static IReadOnlyList<ConfigurationSummary> Summaries()
    {
        var (runs, epochs) = SampleStudy.Build();
        // cbam without written options, se with reduction=16 written (SampleStudy)
        return Aggregator.Summarize(runs, epochs, BaselineSpec.NoAttention);
    }

    private static PaperTable Paper(string rows) => PaperTableLoader.Parse(new StringReader("title: t\nresults:\n" + rows), "p.yaml");

    [Fact]
    public void Reproduced_marks_follow_the_tolerance()
    {
        var c = PaperComparison.Match(Paper("  - { backbone: resnet20, attention: none, params_m: 0.27, gmacs: 0.0408, top1: 75.6 }\n"), Summaries()).Single();
        Assert.Equal(75.6, c.Published.Top1!.Value);
        Assert.Equal((0.7510 + 0.7542 + 0.7495) / 3 * 100 - 75.6, c.PrimaryDiffPp, 9);   // -0.443 pp
        Assert.True(c.PrimaryReproduced);                                              // within 0.5 pp
        Assert.True(c.ParamsReproduced);                                            // 0.272474 rounds to 0.27
        Assert.True(c.MacsReproduced);                                              // 0.040813 rounds to 0.0408
        var strict = PaperComparison.Match(Paper("  - { backbone: resnet20, attention: none, params_m: 0.2700, top1: 75.7 }\n"), Summaries()).Single();
        Assert.False(strict.PrimaryReproduced);                                        // -0.543 pp
        Assert.False(strict.ParamsReproduced);                                      // 0.2725 != 0.2700, +0.92%
    }

    [Fact]
    public void Options_match_written_values_or_module_defaults()
    {
        var rows = "  - { backbone: resnet20, attention: { name: se, reduction: 16 } }\n" +
                   "  - { backbone: resnet20, attention: { name: se, reduction: 8 } }\n" +
                   "  - { backbone: resnet20, attention: { name: cbam, reduction: 16 } }\n" +
                   "  - { backbone: resnet20, attention: { name: cbam, reduction: 8 } }\n";
        var defaults = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["cbam"] = new Dictionary<string, string> { ["reduction"] = "16" } };
        var matched = PaperComparison.Match(Paper(rows), Summaries(), defaults).Select(c => c.Measured is not null).ToList();
        Assert.Equal([true, false, true, false], matched);
        // Without defaults, an option the runs did not write matches any value.
        Assert.Equal([true, false, true, true], PaperComparison.Match(Paper(rows), Summaries()).Select(c => c.Measured is not null));
    }

    [Fact]
    public void Splits_canonical_options_outside_brackets()
    {
        Assert.Equal(new Dictionary<string, string> { ["pool"] = "[avg,max]", ["reduction"] = "16" },
            PaperComparison.SplitOptions("pool=[avg,max],reduction=16"));
    }
}
