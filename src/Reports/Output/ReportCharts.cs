using Ablation.Reports.Aggregation;
using Ablation.Reports.Charts;

namespace Ablation.Reports.Output;

/// <summary>
/// A chart in the report: the section it belongs to, a caption, its file name (without extension, unique in
/// the report: figures/&lt;name&gt;.png and .svg), the chart, and its size.
/// </summary>
public sealed record ReportChart(string Section, string Caption, string Name, IChart Chart, FigureSize Size);

/// <summary>
/// The report's charts, from its configurations: per dataset (and task), the primary metric (top-1, or a
/// detector's mAP@0.5:0.95) vs MACs and vs measured training throughput (error bars: one std over seeds; Pareto
/// front marked); per dataset and backbone, grouped bars of the primary metric per attention x placement, its
/// curve per epoch (mean ± std band), and the cost of each attention module against the baseline (params, MACs,
/// training time). Titles, axes, captions and file names say the metric (<c>top1-…</c> or <c>map-…</c>).
/// </summary>
public static class ReportCharts
{
    public const string Tradeoffs = "Accuracy and cost", Bars = "Accuracy per attention and placement",
        Curves = "Training curves", Costs = "Cost of each attention module";

    /// <summary>A section's heading for a task: a detector's say mAP ("mAP and cost"); a classifier's keep "Accuracy".</summary>
    public static string SectionOf(string section, TaskMetrics m) => m.IsDetection ? section.Replace("Accuracy", "mAP") : section;

    public static IReadOnlyList<ReportChart> Build(IReadOnlyList<ConfigurationSummary> configurations)
    {
        var charts = new List<ReportChart>();
        var measured = configurations.Where(c => c.Primary.N > 0).ToList();
        foreach (var ds in measured.GroupBy(c => (c.Key.Experiment, c.Key.Dataset, c.Key.Variant, c.Metrics)))
        {
            var m = ds.Key.Metrics;
            string label = m.Label, file = m.Key;   // "Top-1" / "top1", "mAP@0.5:0.95" / "map"
            string where = ds.Key.Dataset + (ds.Key.Variant.Length == 0 ? "" : $" ({ds.Key.Variant})");
            var byBackbone = ds.GroupBy(c => c.Key.Backbone).ToList();
            List<ChartSeries> Series(Func<ConfigurationSummary, ChartPoint> point) =>
                byBackbone.Select(g => new ChartSeries(g.Key, g.Select(point).ToList())).ToList();

            string slug = FileName.Slug(ds.Key.Experiment + "-" + where);
            charts.Add(new ReportChart(SectionOf(Tradeoffs, m), $"{label} vs MACs, {where}. Error bars: ± one std over seeds; dashed: Pareto front.",
                $"{file}-vs-macs-{slug}", new ScatterChart
                {
                    Title = $"{label} vs MACs — {where}",
                    X = new Axis("MACs per image", "G"),
                    Y = new Axis(label, "%"),   // padded past 100 %: a point at 100 % stays inside the frame
                    Series = Series(c => new ChartPoint(c.Macs.Mean / 1e9, c.Primary.Mean * 100, 0, Err(c.Primary.Std * 100), PointLabel(c))),
                    LowerXIsBetter = true,
                }, FigureSize.Wide));
            charts.Add(new ReportChart(SectionOf(Tradeoffs, m), $"{label} vs measured training throughput, {where}. Error bars: ± one std over seeds; dashed: Pareto front. {Throughput(ds.ToList())}",
                $"{file}-vs-train-throughput-{slug}", new ScatterChart
                {
                    Title = $"{label} vs training throughput — {where}",
                    X = new Axis("Training throughput", "img/s"),
                    Y = new Axis(label, "%"),   // padded past 100 %: a point at 100 % stays inside the frame
                    Series = Series(c => new ChartPoint(c.TrainImgS.Mean, c.Primary.Mean * 100, Err(c.TrainImgS.Std), Err(c.Primary.Std * 100), PointLabel(c))),
                    LowerXIsBetter = false,
                }, FigureSize.Wide));

            foreach (var bb in byBackbone)
            {
                var list = bb.ToList();
                string title = $"{bb.Key}, {where}";
                string bbSlug = FileName.Slug(bb.Key) + "-" + slug;
                var attentions = list.Select(c => c.Key.AttentionLabel).Distinct().ToList();
                var placements = list.Select(c => c.Key.Attention == "none" ? "baseline" : c.Key.Placement).Distinct().ToList();
                charts.Add(new ReportChart(SectionOf(Bars, m), $"Final {(m.IsDetection ? "validation " + label : "top-1")} per attention and placement, {title}. Error bars: ± one std over seeds.",
                    $"{file}-bars-{bbSlug}", new BarChart
                    {
                        Title = $"{label} per attention × placement — {title}",
                        Y = Axis.Percent(label),
                        XTitle = "Attention",
                        Categories = attentions,
                        FromZero = false,
                        Series = placements.Select(p => new BarSeries(p,
                            attentions.Select(a => Find(list, a, p)?.Primary.Mean * 100 ?? double.NaN).ToList(),
                            attentions.Select(a => Err((Find(list, a, p)?.Primary.Std ?? 0) * 100)).ToList())).ToList(),
                    }, FigureSize.Wide));

                // Epochs that evaluated (a detector's or an eval_interval's others have no value) draw the curve.
                var withCurves = list.Where(c => c.Curve.Any(p => p.Primary.N > 0)).ToList();
                string curveLabel = m.IsDetection ? $"Validation {label}" : "Test top-1";
                if (withCurves.Count > 0)
                    charts.Add(new ReportChart(Curves, $"{curveLabel} per epoch, {title}: mean over seeds, band ± one std.",
                        $"curves-{bbSlug}", new LineChart
                        {
                            Title = $"{curveLabel} per epoch — {title}",
                            X = new Axis("Epoch", Integer: true),
                            Y = Axis.Percent(curveLabel),
                            Series = withCurves.Select(c => new BandSeries(PointLabel(c), c.Curve.Where(p => p.Primary.N > 0).Select(p =>
                                (p.Epoch * 1.0, p.Primary.Mean * 100,
                                 // The band is clipped to what an accuracy can be, so a seed at 100% does not stretch the axis past it.
                                 p.Primary.N > 1 ? Math.Max(0, p.Primary.Mean - p.Primary.Std) * 100 : double.NaN,
                                 p.Primary.N > 1 ? Math.Min(1, p.Primary.Mean + p.Primary.Std) * 100 : double.NaN)).ToList())).ToList(),
                        }, FigureSize.Wide));

                var modules = list.Where(c => c.Delta is not null).ToList();
                if (modules.Count > 0)
                {
                    var cats = modules.Select(PointLabel).ToList();
                    ReportChart Cost(string caption, string file, string name, string unit, Func<BaselineDelta, double> value,
                        Func<BaselineDelta, string?>? flag = null) =>
                        new(Costs, caption, $"{file}-{bbSlug}", new BarChart
                        {
                            Title = $"{name} — {bb.Key}",
                            Y = new Axis(name, unit),
                            Categories = flag is null ? cats : modules.Select(m => PointLabel(m) + Suffix(flag(m.Delta!))).ToList(),
                            Series = [new BarSeries(name, modules.Select(m => value(m.Delta!)).ToList())],
                        }, FigureSize.Small);
                    charts.Add(Cost($"Extra parameters over the baseline, {title}.", "cost-params", "Δ Params", "k", d => d.ParamsK));
                    charts.Add(Cost($"Extra MACs per image over the baseline, {title}.", "cost-macs", "Δ MACs", "M", d => d.MacsM));
                    charts.Add(Cost($"Extra training time per image over the baseline, {title}. {Throughput(modules)} " +
                                    $"\"{NotSignificant.Trim()}\": the difference lies within the spread over seeds (Welch's t-test of the throughput, p ≥ 0.05); \"{Untested.Trim()}\": not testable (fewer than 2 seeds on a side, or zero variance).",
                        "cost-train-time", "Δ Train time", "%", d => d.TrainTimePct, d => d.TrainTimeFlag));
                }
            }
        }
        return charts;
    }

    /// <summary>Marks a category whose difference to the baseline is not significant, or could not be tested.</summary>
    public const string NotSignificant = " (n.s.)", Untested = " (untested)";

    private static string Suffix(string? flag) => flag switch { null => "", "not significant" => NotSignificant, _ => Untested };

    /// <summary>How the throughput was measured and the load beside it: "Throughput: warm fixed-batch benchmark (median of steps); 1-min load average 0.4–1.9."</summary>
    internal static string Throughput(IReadOnlyList<ConfigurationSummary> configurations)
    {
        var methods = configurations.SelectMany(c => c.ThroughputMethods).Distinct().Order(StringComparer.Ordinal).ToList();
        string how = methods switch
        {
            [] => "not measured",
            [Schema.ThroughputMethods.Bench] => "warm fixed-batch benchmark at the end of each run (median of its steps)",
            [Schema.ThroughputMethods.Wall] => "training images over training wall time (moves with the machine's load)",
            _ => "mixed: benchmark for some runs, training wall time for others",
        };
        var loads = configurations.Where(c => c.LoadAvg.N > 0).ToList();
        string load = loads.Count == 0 ? "" : $"; 1-min load average {Numbers.Fixed(loads.Min(c => c.LoadAvg.Min), 1)}–{Numbers.Fixed(loads.Max(c => c.LoadAvg.Max), 1)}";
        return $"Throughput: {how}{load}.";
    }

    private static double Err(double std) => double.IsFinite(std) ? std : 0;

    private static string PointLabel(ConfigurationSummary c) =>
        c.Key.Attention == "none" ? "none" : $"{c.Key.AttentionLabel}@{c.Key.Placement}";

    private static ConfigurationSummary? Find(List<ConfigurationSummary> list, string attention, string placement) =>
        list.FirstOrDefault(c => c.Key.AttentionLabel == attention && (c.Key.Attention == "none" ? "baseline" : c.Key.Placement) == placement);
}
