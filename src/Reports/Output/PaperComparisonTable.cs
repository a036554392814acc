using Ablation.Reports.Aggregation;
using Ablation.Reports.Papers;

namespace Ablation.Reports.Output;

/// <summary>
/// Published vs measured, side by side: the primary metric (top-1; for a detection table mAP@0.5:0.95 and mAP50),
/// params and MACs with the difference and ✓/✗ for "reproduced within tolerance".
/// </summary>
public static class PaperComparisonTable
{
    /// <summary>The header of a table of <paramref name="m"/>'s metric.</summary>
    public static IReadOnlyList<string> HeadersOf(TaskMetrics m) =>
    [
        "Backbone", "Attention", "Placement", $"{m.Label} paper (%)", $"{m.Label} ours (%)", "Δ (pp)", "ok",
        .. m.IsDetection ? new[] { "mAP50 paper (%)", "mAP50 ours (%)", "Δ (pp)", "ok" } : [],
        "Params paper (M)", "Params ours (M)", "Δ (%)", "ok", "MACs paper (G)", "MACs ours (G)", "Δ (%)", "ok",
    ];

    /// <summary>A detection table when any row publishes mAP or matched a detector; else classification.</summary>
    public static TaskMetrics MetricsOf(IReadOnlyList<PaperComparison> comparisons) =>
        comparisons.Any(c => c.Metrics.IsDetection) ? TaskMetrics.Detection : TaskMetrics.Classification;

    public static ResultTable Build(PaperTable paper, IReadOnlyList<PaperComparison> comparisons)
    {
        var m = MetricsOf(comparisons);
        var headers = HeadersOf(m);
        var right = headers.Select((h, i) => i >= 3 && h != "ok").ToList();
        var rows = comparisons.Select(c => (IReadOnlyList<TableCell>)
        [
            c.Published.Backbone,
            c.Published.AttentionLabel,
            c.Measured?.Key.Placement ?? c.Published.Placement ?? "–",
            (m.IsDetection ? c.Published.Map : c.Published.Top1)?.ToString() ?? "–",
            c.Measured is null ? "not run" : PaperStyleTable.AccuracyText(c.Measured.Primary.Scale(100)),
            Numbers.Signed(c.PrimaryDiffPp, 2),
            Mark(c.PrimaryReproduced),
            .. m.IsDetection
                ? new TableCell[]
                {
                    c.Published.Map50?.ToString() ?? "–",
                    c.Measured is null ? "not run" : PaperStyleTable.AccuracyText(c.Measured.Map50.Scale(100)),
                    Numbers.Signed(c.Map50DiffPp, 2),
                    Mark(c.Map50Reproduced),
                }
                : [],
            c.Published.ParamsM?.ToString() ?? "–",
            Numbers.Fixed(c.MeasuredParamsM, c.Published.ParamsM?.Decimals + 1 ?? 3),
            Numbers.Signed(c.ParamsDiffPct, 2),
            Mark(c.ParamsReproduced),
            c.Published.GMacs?.ToString() ?? "–",
            Numbers.Fixed(c.MeasuredGMacs, c.Published.GMacs?.Decimals + 1 ?? 4),
            Numbers.Signed(c.MacsDiffPct, 2),
            Mark(c.MacsReproduced),
        ]).ToList();
        var t = paper.Tolerance;
        return new ResultTable($"Published vs measured: {paper.Source}", headers, right, rows,
        [
            $"✓ reproduced within tolerance: {(m.IsDetection ? $"mAP@0.5:0.95 and mAP50 within {t.MapPp} pp" : $"top-1 within {t.Top1Pp} pp")}; params and MACs rounding to the printed digits or within " +
            $"{t.ParamsRel * 100}% / {t.MacsRel * 100}%. ✗ not reproduced; – nothing to compare.",
            PaperStyleTable.MacsFootnote,
        ]);
    }

    private static string Mark(bool? ok) => ok switch { true => "✓", false => "✗", null => "–" };
}
