using Ablation.Reports.Aggregation;

namespace Ablation.Reports.Output;

/// <summary>
/// The "Table 2" of an ablation paper, one per dataset (and recipe variant, and task): rows backbone x attention x
/// placement; columns the task's primary metric (final top-1, or a detector's mAP@0.5:0.95 followed by mAP50 and
/// mAP75, as detection papers print them) mean ± std (n) with its difference to the baseline and a significance
/// mark, params (M) and Δ (k), MACs (G) and Δ (M), training and inference throughput with the time
/// difference, and peak memory. The best value of each column within a backbone is bold.
/// </summary>
public static class PaperStyleTable
{
    public const string SignificantMark = "*";
    public const string UntestedMark = "†";

    public const string MacsFootnote =
        "MACs: multiply-accumulates of convolution, linear and matrix-multiply ops (attention modules' functional ops included) " +
        "for one image at the input size, what attention papers report as FLOPs; Params: learnable parameters, buffers excluded.";

    /// <summary>The header of a task's table: the primary metric and its Δ, a detector's mAP50 and mAP75, then the costs.</summary>
    public static IReadOnlyList<string> HeadersOf(TaskMetrics m) =>
    [
        "Backbone", "Attention", "Placement", $"{m.Label} (%)", $"Δ {m.Short} (pp)",
        .. m.IsDetection ? m.SecondaryLabels.Select(l => $"{l} (%)") : [],
        "Params (M)", "Δ Params (k)", "MACs (G)", "Δ MACs (M)", "Train (img/s)", "Δ Train time (%)", "Infer (img/s)", "Peak mem (MiB)",
    ];

    public static IReadOnlyList<ResultTable> Build(IReadOnlyList<ConfigurationSummary> summaries, BaselineSpec? baseline)
    {
        var tables = new List<ResultTable>();
        foreach (var group in summaries.GroupBy(s => (s.Key.Experiment, s.Key.Dataset, s.Key.Variant, s.Metrics)))
        {
            var metrics = group.Key.Metrics;
            var rows = new List<IReadOnlyList<TableCell>>();
            var rules = new List<int>();
            var byBackbone = group.GroupBy(s => s.Key.Backbone).ToList();
            foreach (var backbone in byBackbone)
            {
                var list = backbone.ToList();
                var best = new Best(list);
                foreach (var s in list) rows.Add(Row(s, best));
                rules.Add(rows.Count - 1);
            }
            rules.RemoveAt(rules.Count - 1);
            var (experiment, dataset, variant, _) = group.Key;
            var caption = $"{experiment}: {dataset}" + (variant.Length == 0 ? "" : $" ({variant})") +
                          $", {metrics.Description}, mean ± std over seeds (n)";
            var headers = HeadersOf(metrics);
            var right = headers.Select((_, i) => i >= 3).ToList();
            tables.Add(new ResultTable(caption, headers, right, rows, Footnotes(baseline, metrics)) { RulesAfter = rules });
        }
        return tables;
    }

    public static IReadOnlyList<string> Footnotes(BaselineSpec? baseline, TaskMetrics? task = null)
    {
        var m = task ?? TaskMetrics.Classification;
        string accuracy = m.IsDetection
            ? "mAP: COCO bbox mAP on the validation split at the final epoch (pycocotools' semantics: mAP@0.5:0.95 averages IoU 0.50 to 0.95 in steps of 0.05; " +
              "mAP50 and mAP75 at IoU 0.50 and 0.75), in percent"
            : "Accuracy: final-epoch test top-1";
        return
    [
        MacsFootnote,
        accuracy + ", mean ± sample standard deviation over n seeds (done runs only); throughput: mean images per second " +
        "(of a warm fixed-batch benchmark at the end of each run, median of its steps, where the runs recorded one; else training images over wall time); " +
        "Δ Train time: time per training image relative to the baseline.",
        baseline is null
            ? "No baseline: the matrix names none."
            : $"Δ: against the baseline {baseline} of the same backbone and dataset. {SignificantMark} the difference is significant " +
              $"(Welch's two-sided t-test, p < 0.05; of {(m.IsDetection ? "mAP@0.5:0.95" : "top-1")} for Δ {m.Short}, of training throughput for Δ Train time); {UntestedMark} not tested " +
              "(fewer than 2 seeds on a side, or zero variance); no mark: not significant, the difference lies within the spread over seeds.",
        "Bold: the best value of each column among the rows of the same backbone.",
    ];
    }

    private static IReadOnlyList<TableCell> Row(ConfigurationSummary s, Best best)
    {
        var primary = s.Primary.Scale(100);
        var d = s.Delta;
        string mark = d is null ? "" : Mark(d.PrimaryTest);
        return
        [
            s.Key.Backbone,
            s.Key.AttentionLabel,
            s.Key.Attention == "none" ? "–" : s.Key.Placement,
            new TableCell(AccuracyText(primary), best.IsPrimary(s)),
            d is null ? (s.IsBaseline ? "baseline" : "–") : Numbers.Signed(d.PrimaryPp, 2) + mark,
            .. s.Metrics.IsDetection ? s.Secondary.Select((m, i) => new TableCell(AccuracyText(m.Scale(100)), best.IsSecondary(s, i))) : [],
            new TableCell(Numbers.Fixed(s.Params.Mean / 1e6, ParamsDecimals(s.Params.Mean)), best.IsParams(s)),
            d is null ? "–" : Numbers.Signed(d.ParamsK, DeltaDecimals(d.ParamsK)),
            new TableCell(Numbers.Fixed(s.Macs.Mean / 1e9, MacsDecimals(s.Macs.Mean)), best.IsMacs(s)),
            d is null ? "–" : Numbers.Signed(d.MacsM, DeltaDecimals(d.MacsM)),
            new TableCell(Numbers.Fixed(s.TrainImgS.Mean, 0), best.IsTrain(s)),
            d is null ? "–" : Numbers.Signed(d.TrainTimePct, 1) + Mark(d.TrainThroughputTest),
            new TableCell(Numbers.Fixed(s.InferImgS.Mean, 0), best.IsInfer(s)),
            new TableCell(Numbers.Fixed(s.PeakMemBytes.Mean / (1024.0 * 1024.0), 1), best.IsMemory(s)),
        ];
    }

    /// <summary>The significance mark of a difference: <see cref="SignificantMark"/>, none, or <see cref="UntestedMark"/>.</summary>
    public static string Mark(WelchTest t) => t.Significant ? SignificantMark : t.Testable ? "" : UntestedMark;

    /// <summary>"76.12 ± 0.33 (3)"; "77.00 (1)" with one seed; "–" with none.</summary>
    public static string AccuracyText(Statistic pct) => pct.N switch
    {
        0 => "–",
        1 => $"{Numbers.Fixed(pct.Mean, 2)} (1)",
        _ => $"{Numbers.Fixed(pct.Mean, 2)} ± {Numbers.Fixed(pct.Std, 2)} ({pct.N})",
    };

    /// <summary>Two decimals, or four for small deltas (SE adds ~0.002 M MACs to a CIFAR ResNet), so a cost never prints as +0.00.</summary>
    public static int DeltaDecimals(double delta) => Math.Abs(delta) is > 0 and < 0.1 ? 4 : 2;

    public static int ParamsDecimals(double parameters) => parameters >= 10e6 ? 2 : 3;
    public static int MacsDecimals(double macs) => macs >= 1e9 ? 3 : 4;

    /// <summary>Best values of a backbone's rows, compared as displayed (so ties by rounding are all bold).</summary>
    private sealed class Best(List<ConfigurationSummary> rows)
    {
        private readonly string? _primary = Max(rows, s => s.Primary.Mean, s => Numbers.Fixed(s.Primary.Mean * 100, 2));
        private readonly string?[] _secondary = Enumerable.Range(0, rows.Count == 0 ? 0 : rows[0].Secondary.Count)
            .Select(i => Max(rows, s => s.Secondary[i].Mean, s => Numbers.Fixed(s.Secondary[i].Mean * 100, 2))).ToArray();
        private readonly string? _params = Min(rows, s => s.Params.Mean, s => Numbers.Fixed(s.Params.Mean / 1e6, ParamsDecimals(s.Params.Mean)));
        private readonly string? _macs = Min(rows, s => s.Macs.Mean, s => Numbers.Fixed(s.Macs.Mean / 1e9, MacsDecimals(s.Macs.Mean)));
        private readonly string? _train = Max(rows, s => s.TrainImgS.Mean, s => Numbers.Fixed(s.TrainImgS.Mean, 0));
        private readonly string? _infer = Max(rows, s => s.InferImgS.Mean, s => Numbers.Fixed(s.InferImgS.Mean, 0));
        private readonly string? _memory = Min(rows, s => s.PeakMemBytes.Mean, s => Numbers.Fixed(s.PeakMemBytes.Mean / (1024.0 * 1024.0), 1));
        private readonly int _count = rows.Count;

        public bool IsPrimary(ConfigurationSummary s) => _count > 1 && _primary == Numbers.Fixed(s.Primary.Mean * 100, 2);
        public bool IsSecondary(ConfigurationSummary s, int i) => _count > 1 && _secondary[i] == Numbers.Fixed(s.Secondary[i].Mean * 100, 2);
        public bool IsParams(ConfigurationSummary s) => _count > 1 && _params == Numbers.Fixed(s.Params.Mean / 1e6, ParamsDecimals(s.Params.Mean));
        public bool IsMacs(ConfigurationSummary s) => _count > 1 && _macs == Numbers.Fixed(s.Macs.Mean / 1e9, MacsDecimals(s.Macs.Mean));
        public bool IsTrain(ConfigurationSummary s) => _count > 1 && _train == Numbers.Fixed(s.TrainImgS.Mean, 0);
        public bool IsInfer(ConfigurationSummary s) => _count > 1 && _infer == Numbers.Fixed(s.InferImgS.Mean, 0);
        public bool IsMemory(ConfigurationSummary s) => _count > 1 && _memory == Numbers.Fixed(s.PeakMemBytes.Mean / (1024.0 * 1024.0), 1);

        private static string? Max(List<ConfigurationSummary> rows, Func<ConfigurationSummary, double> value, Func<ConfigurationSummary, string> text) =>
            rows.Where(r => double.IsFinite(value(r))).MaxBy(value) is { } best ? text(best) : null;

        private static string? Min(List<ConfigurationSummary> rows, Func<ConfigurationSummary, double> value, Func<ConfigurationSummary, string> text) =>
            rows.Where(r => double.IsFinite(value(r))).MinBy(value) is { } best ? text(best) : null;
    }
}
