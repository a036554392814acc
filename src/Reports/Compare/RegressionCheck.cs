using System.Globalization;
using System.Text;
using Ablation.Reports.Aggregation;

namespace Ablation.Reports.Compare;

/// <summary>The gate's verdict: every finding, and how many configurations were compared.</summary>
public sealed record CompareResult(IReadOnlyList<Finding> Findings, int Compared, CompareTolerance Tolerance)
{
    public bool HasRegression => Findings.Any(f => f.Kind == FindingKind.Regression);
    public IEnumerable<Finding> Regressions => Findings.Where(f => f.Kind == FindingKind.Regression);
    public IEnumerable<Finding> Improvements => Findings.Where(f => f.Kind == FindingKind.Improvement);

    /// <summary>A plain-text table (fixed-width columns) of the findings with a one-line verdict.</summary>
    public string ToText()
    {
        var sb = new StringBuilder();
        var rows = Findings.OrderBy(f => f.Kind).ThenBy(f => f.Key.Label, StringComparer.Ordinal)
            .Select(f => new[] { f.Kind.ToString().ToLowerInvariant(), f.Key.Label, f.Metric, f.Baseline, f.Current, f.Change, f.Reason }).ToList();
        string[] header = ["verdict", "configuration", "metric", "baseline", "current", "change", "why"];
        if (rows.Count > 0)
        {
            var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
            string Line(string[] cells) => string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
            sb.AppendLine(Line(header));
            sb.AppendLine(Line(widths.Select(w => new string('-', w)).ToArray()));
            foreach (var r in rows) sb.AppendLine(Line(r));
            sb.AppendLine();
        }
        int reg = Regressions.Count(), imp = Improvements.Count();
        sb.Append(HasRegression ? "REGRESSION: " : "OK: ")
          .Append(CultureInfo.InvariantCulture, $"{Compared} configurations compared, {reg} regression(s), {imp} improvement(s); tolerance {Tolerance}");
        return sb.ToString();
    }
}

/// <summary>
/// The nightly regression gate: compares current measurements with a baseline, configuration by
/// configuration. Accuracy (each configuration's primary metric: top-1, or mAP@0.5:0.95 for a detector) regresses when it drops by more than the tolerance and more than the seeds'
/// spread allows; params and MACs are the model itself, so any change is reported and fails the gate until
/// the baseline is updated deliberately; throughput and memory regress beyond their noise thresholds.
/// </summary>
public static class RegressionCheck
{
    public static CompareResult Compare(IReadOnlyList<ConfigurationMeasures> current, IReadOnlyList<ConfigurationMeasures> baseline,
        CompareTolerance? tolerance = null)
    {
        var tol = tolerance ?? CompareTolerance.Default;
        // Configurations are matched on every key field; when each side holds one experiment, the names may differ.
        bool ignoreExperiment = current.Select(c => c.Key.Experiment).Distinct().Count() == 1 &&
                                baseline.Select(c => c.Key.Experiment).Distinct().Count() == 1;
        ConfigurationKey Norm(ConfigurationKey k) => ignoreExperiment ? k with { Experiment = "" } : k;
        var cur = current.GroupBy(c => Norm(c.Key)).ToDictionary(g => g.Key, g => g.First());
        var findings = new List<Finding>();
        int compared = 0;
        foreach (var b in baseline)
        {
            if (!cur.Remove(Norm(b.Key), out var c))
            {
                findings.Add(new Finding(b.Key, "configuration", "present", "missing", "", FindingKind.Regression, "not in the current results"));
                continue;
            }
            compared++;
            findings.AddRange(CompareOne(b, c, tol));
        }
        foreach (var c in cur.Values)
            findings.Add(new Finding(c.Key, "configuration", "missing", "present", "", FindingKind.Note, "new configuration, not in the baseline"));
        return new CompareResult(findings, compared, tol);
    }

    private static IEnumerable<Finding> CompareOne(ConfigurationMeasures b, ConfigurationMeasures c, CompareTolerance tol)
    {
        var key = c.Key;
        if (b.Metrics != c.Metrics)
        {
            // The same configuration measured by another metric (a store against a summary.csv of another task): nothing to compare.
            yield return new Finding(key, "metric", b.Metrics.Finding, c.Metrics.Finding, "", FindingKind.Regression, "the primary metric changed");
            yield break;
        }
        string metric = c.Metrics.Finding;   // "top-1" or "mAP"
        if (b.PrimaryPct.N > 0 && c.PrimaryPct.N == 0)
            yield return new Finding(key, metric, Acc(b.PrimaryPct), "no done runs", "", FindingKind.Regression, "every current run failed or is pending");
        else if (b.PrimaryPct.N > 0 && c.PrimaryPct.N > 0)
        {
            double diff = c.PrimaryPct.Mean - b.PrimaryPct.Mean;
            double se = Math.Sqrt(Var(b.PrimaryPct) + Var(c.PrimaryPct));
            double allowed = Math.Max(tol.AccuracyPp, tol.SpreadSigmas * se);
            string why = $"beyond {F(allowed, 2)} pp (max of {F(tol.AccuracyPp, 2)} pp and {F(tol.SpreadSigmas, 1)} x {F(se, 2)} pp seed spread)";
            if (-diff > allowed) yield return new Finding(key, metric, Acc(b.PrimaryPct), Acc(c.PrimaryPct), S(diff, 2) + " pp", FindingKind.Regression, "drop " + why);
            else if (diff > allowed) yield return new Finding(key, metric, Acc(b.PrimaryPct), Acc(c.PrimaryPct), S(diff, 2) + " pp", FindingKind.Improvement, "gain " + why);
        }
        foreach (var f in Exact("params", b.Params, c.Params, tol.ParamsRel, key)) yield return f;
        foreach (var f in Exact("MACs", b.Macs, c.Macs, tol.MacsRel, key)) yield return f;
        foreach (var f in Relative("train img/s", b.TrainImgS, c.TrainImgS, tol.ThroughputRel, higherIsBetter: true, key)) yield return f;
        foreach (var f in Relative("infer img/s", b.InferImgS, c.InferImgS, tol.ThroughputRel, higherIsBetter: true, key)) yield return f;
        foreach (var f in Relative("peak memory (bytes)", b.PeakMemBytes, c.PeakMemBytes, tol.MemoryRel, higherIsBetter: false, key)) yield return f;
    }

    private static IEnumerable<Finding> Exact(string metric, double b, double c, double rel, ConfigurationKey key)
    {
        if (!double.IsFinite(b) || !double.IsFinite(c)) yield break;
        double change = c - b;
        if (Math.Abs(change) <= Math.Max(0.5, rel * Math.Abs(b))) yield break;
        yield return new Finding(key, metric, F(b, 0), F(c, 0), S(change, 0) + $" ({S(change / b * 100, 3)}%)", FindingKind.Regression,
            "the model changed: update the baseline deliberately if intended");
    }

    private static IEnumerable<Finding> Relative(string metric, double b, double c, double threshold, bool higherIsBetter, ConfigurationKey key)
    {
        if (!double.IsFinite(b) || !double.IsFinite(c) || b <= 0) yield break;
        double rel = c / b - 1;
        if (Math.Abs(rel) <= threshold) yield break;
        bool worse = higherIsBetter ? rel < 0 : rel > 0;
        yield return new Finding(key, metric, F(b, 1), F(c, 1), S(rel * 100, 1) + "%",
            worse ? FindingKind.Regression : FindingKind.Improvement, $"beyond the {F(threshold * 100, 0)}% noise threshold");
    }

    private static double Var(Statistic s) => s.N >= 2 && double.IsFinite(s.Std) ? s.Std * s.Std / s.N : 0;

    private static string Acc(Statistic s) => s.N >= 2 ? $"{F(s.Mean, 2)} ± {F(s.Std, 2)} (n={s.N})" : $"{F(s.Mean, 2)} (n={s.N})";
    private static string F(double v, int d) => v.ToString("F" + d, CultureInfo.InvariantCulture);
    private static string S(double v, int d) => (v >= 0 ? "+" : "") + F(v, d);
}
