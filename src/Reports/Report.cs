using Ablation.Reports.Aggregation;
using Ablation.Reports.Papers;
using Ablation.Reports.Schema;

namespace Ablation.Reports;

/// <summary>
/// Everything a report shows, computed once and drawn by every writer: the runs, their configurations over
/// seeds with baseline deltas, the paper comparison (when the matrix names one) and an optional
/// micro-benchmark export.
/// </summary>
public sealed record Report(
    string Title,
    IReadOnlyList<RunRecord> Runs,
    IReadOnlyList<ConfigurationSummary> Configurations,
    BaselineSpec? Baseline,
    PaperTable? Paper,
    IReadOnlyList<PaperComparison> PaperComparisons,
    BenchmarkExport? Benchmarks,
    DateTimeOffset GeneratedAt)
{
    public static Report Build(string title, IReadOnlyList<RunRecord> runs, IReadOnlyList<EpochRecord> epochs,
        BaselineSpec? baseline, PaperTable? paper = null, BenchmarkExport? benchmarks = null, DateTimeOffset? generatedAt = null,
        AttentionDefaults? attentionDefaults = null)
    {
        // Options equal to the module's defaults are dropped, so labels and keys show what the matrix varied.
        if (attentionDefaults is not null) runs = attentionDefaults.StripDefaults(runs);
        var configurations = Aggregator.Summarize(runs, epochs, baseline);
        var comparisons = paper is null ? [] : PaperComparison.Match(paper, configurations, attentionDefaults?.ByModule);
        return new Report(title, runs, configurations, baseline, paper, comparisons, benchmarks, generatedAt ?? DateTimeOffset.UtcNow);
    }
}
