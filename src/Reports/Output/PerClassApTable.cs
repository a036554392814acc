using Ablation.Reports.Aggregation;

namespace Ablation.Reports.Output;

/// <summary>
/// A detector's COCO AP per category (pycocotools' per-class precision averaged over IoU 0.50:0.95, and at 0.50),
/// one table per metric and dataset x backbone: rows the categories, columns the configurations, cells the mean ±
/// std over seeds (n) in percent; the best configuration of each category in bold. It says whether a module's
/// gain comes from every class or from one.
/// </summary>
public static class PerClassApTable
{
    public static IReadOnlyList<ResultTable> Build(IReadOnlyList<ConfigurationSummary> configurations)
    {
        var tables = new List<ResultTable>();
        var detectors = configurations.Where(c => c.Metrics.IsDetection && c.PerClassAp.Count > 0);
        foreach (var group in detectors.GroupBy(c => (c.Key.Experiment, c.Key.Dataset, c.Key.Variant, c.Key.Backbone)))
        {
            var list = group.ToList();
            var classes = list.SelectMany(c => c.PerClassAp).GroupBy(a => a.Id).OrderBy(g => g.Key).Select(g => (Id: g.Key, g.First().Name)).ToList();
            string where = $"{group.Key.Experiment}: {group.Key.Backbone}, {group.Key.Dataset}" + (group.Key.Variant.Length == 0 ? "" : $" ({group.Key.Variant})");
            foreach (var (name, value) in new (string, Func<ClassAp, Statistic>)[] { ("AP@0.5:0.95", a => a.Ap), ("AP50", a => a.Ap50) })
            {
                var rows = classes.Select(cls =>
                {
                    var cells = list.Select(c => c.PerClassAp.FirstOrDefault(a => a.Id == cls.Id) is { } a ? value(a).Scale(100) : Statistic.Empty).ToList();
                    var best = cells.Where(s => s.N > 0).Select(s => Numbers.Fixed(s.Mean, 2)).DefaultIfEmpty().Max(Comparer<string?>.Create(CompareNumbers));
                    return (IReadOnlyList<TableCell>)
                    [
                        cls.Name,
                        .. cells.Select(s => new TableCell(PaperStyleTable.AccuracyText(s), list.Count > 1 && s.N > 0 && Numbers.Fixed(s.Mean, 2) == best)),
                    ];
                }).ToList();
                tables.Add(new ResultTable($"{where}: {name} per class (%), validation split at the final epoch, mean ± std over seeds (n)",
                    ["Class", .. list.Select(Label)], [false, .. list.Select(_ => true)], rows,
                    [$"COCO {name} of each category (pycocotools' semantics); a seed whose validation split has no object of a category does not count. " +
                     "Bold: the best configuration of each category."]));
            }
        }
        return tables;
    }

    private static string Label(ConfigurationSummary c) => c.Key.Attention == "none" ? "none" : $"{c.Key.AttentionLabel}@{c.Key.Placement}";

    private static int CompareNumbers(string? a, string? b) =>
        (a is null ? double.NegativeInfinity : double.Parse(a, System.Globalization.CultureInfo.InvariantCulture))
        .CompareTo(b is null ? double.NegativeInfinity : double.Parse(b, System.Globalization.CultureInfo.InvariantCulture));
}
