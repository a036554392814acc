using Ablation.Reports.Aggregation;

namespace Ablation.Reports.Tests;

public class AttentionDefaultsTests
{
    private static readonly AttentionDefaults Defaults = new(new Dictionary<string, IReadOnlyDictionary<string, string>>
    {
        ["cbam"] = new Dictionary<string, string> { ["reduction"] = "16", ["pool"] = "avg,max", ["kernel_size"] = "7" },
    });

    [Fact]
    public void Options_equal_to_defaults_are_dropped()
    {
        Assert.Equal("{}", Defaults.StripDefaults("cbam", "{\"kernel_size\":\"7\",\"pool\":\"avg,max\",\"reduction\":\"16\"}"));
        Assert.Equal("{\"reduction\":\"8\"}", Defaults.StripDefaults("cbam", "{\"pool\":[\"avg\",\"max\"],\"reduction\":\"8\"}"));
        Assert.Equal("{\"pool\":\"avg\"}", Defaults.StripDefaults("cbam", "{\"pool\":\"avg\"}"));
        Assert.Equal("{\"reduction\":8}", Defaults.StripDefaults("se", "{\"reduction\":8}"));   // unknown module: unchanged
    }

    [Fact]
    public void Report_labels_show_only_what_the_matrix_changed()
    {
        var (runs, epochs) = SampleStudy.Build();
        runs = runs.Select(r => r.Attention == "cbam" ? r with { AttentionOptions = "{\"kernel_size\":\"7\",\"reduction\":\"16\"}" } : r).ToList();
        var report = Report.Build("x", runs, epochs, BaselineSpec.NoAttention, attentionDefaults: Defaults);
        Assert.Contains(report.Configurations, c => c.Key.AttentionLabel == "cbam");
        Assert.Equal(11, report.Runs.Count);
    }
}
