using Ablation.Reports.Papers;

namespace Ablation.Reports.Output;

/// <summary>Published vs measured, side by side: accuracy, params and MACs with the difference and ✓/✗ for "reproduced within tolerance".</summary>
public static class PaperComparisonTable
{
    private static readonly string[] Headers =
    [
        "Backbone", "Attention", "Placement", "Top-1 paper (%)", "Top-1 ours (%)", "Δ (pp)", "ok", "Params paper (M)",
        "Params ours (M)", "Δ (%)", "ok", "MACs paper (G)", "MACs ours (G)", "Δ (%)", "ok",
    ];

    private static readonly bool[] Right = [false, false, false, true, true, true, false, true, true, true, false, true, true, true, false];

    public static ResultTable Build(PaperTable paper, IReadOnlyList<PaperComparison> comparisons)
    {
        var rows = comparisons.Select(c => (IReadOnlyList<TableCell>)
        [
            c.Published.Backbone,
            c.Published.AttentionLabel,
            c.Measured?.Key.Placement ?? c.Published.Placement ?? "–",
            c.Published.Top1?.ToString() ?? "–",
            c.Measured is null ? "not run" : PaperStyleTable.AccuracyText(c.Measured.Top1.Scale(100)),
            Numbers.Signed(c.Top1DiffPp, 2),
            Mark(c.Top1Reproduced),
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
        return new ResultTable($"Published vs measured: {paper.Source}", Headers, Right, rows,
        [
            $"✓ reproduced within tolerance: top-1 within {t.Top1Pp} pp; params and MACs rounding to the printed digits or within " +
            $"{t.ParamsRel * 100}% / {t.MacsRel * 100}%. ✗ not reproduced; – nothing to compare.",
            PaperStyleTable.MacsFootnote,
        ]);
    }

    private static string Mark(bool? ok) => ok switch { true => "✓", false => "✗", null => "–" };
}
