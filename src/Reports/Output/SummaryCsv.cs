using System.Globalization;
using Ablation.Reports.Aggregation;
using CsvHelper;

namespace Ablation.Reports.Output;

/// <summary>
/// summary.csv: one row per configuration — its axes, its task and primary metric (<c>top1</c>, or <c>map</c> for a
/// detector), run counts, mean/std/min/max over seeds of every measurement (unit in the column name, accuracies in
/// percent; a classifier fills the top-1/top-5 columns, a detector the mAP ones), the deltas against the baseline
/// and Welch's test of the primary metric. <see cref="Read"/> loads it back for <c>ablate compare</c>.
/// </summary>
public static class SummaryCsv
{
    private static readonly (string Name, Func<ConfigurationSummary, Statistic> Stat)[] Metrics =
    [
        ("top1_pct", s => s.Top1.Scale(100)),
        ("top5_pct", s => s.Top5.Scale(100)),
        ("best_top1_pct", s => s.BestTop1.Scale(100)),
        ("best_top5_pct", s => s.BestTop5.Scale(100)),
        ("map_pct", s => s.Map.Scale(100)),
        ("map50_pct", s => s.Map50.Scale(100)),
        ("map75_pct", s => s.Map75.Scale(100)),
        ("best_map_pct", s => s.BestMap.Scale(100)),
        ("params", s => s.Params),
        ("macs_per_image", s => s.Macs),
        ("train_img_per_s", s => s.TrainImgS),
        ("infer_img_per_s", s => s.InferImgS),
        ("peak_mem_bytes", s => s.PeakMemBytes),
        ("wall_s", s => s.WallS),
        ("load_avg", s => s.LoadAvg),
    ];

    private static readonly string[] StatParts = ["mean", "std", "min", "max"];

    public static readonly IReadOnlyList<(string Name, Func<ConfigurationSummary, string> Value)> Columns = BuildColumns();

    private static List<(string, Func<ConfigurationSummary, string>)> BuildColumns()
    {
        static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
        var columns = new List<(string, Func<ConfigurationSummary, string>)>
        {
            ("experiment", s => s.Key.Experiment),
            ("dataset", s => s.Key.Dataset),
            ("backbone", s => s.Key.Backbone),
            ("variant", s => s.Key.Variant),
            ("attention", s => s.Key.Attention),
            ("attention_options", s => s.Key.AttentionOptions),
            ("placement", s => s.Key.Placement),
            ("task", s => s.Metrics.Task),
            ("primary_metric", s => s.Metrics.Key),
            ("runs", s => I(s.Runs)),
            ("done", s => I(s.Done)),
            ("failed", s => I(s.Failed)),
            ("n", s => I(s.Primary.N)),
            ("seeds", s => string.Join(" ", s.Seeds)),
        };
        foreach (var (name, stat) in Metrics)
        {
            columns.Add(($"{name}_mean", s => Numbers.Full(stat(s).Mean)));
            columns.Add(($"{name}_std", s => Numbers.Full(stat(s).Std)));
            columns.Add(($"{name}_min", s => Numbers.Full(stat(s).Min)));
            columns.Add(($"{name}_max", s => Numbers.Full(stat(s).Max)));
        }
        columns.AddRange(new (string, Func<ConfigurationSummary, string>)[]
        {
            ("is_baseline", s => s.IsBaseline ? "true" : "false"),
            ("baseline", s => s.Delta?.Baseline.Label ?? ""),
            ("delta_params_k", s => Numbers.Full(s.Delta?.ParamsK)),
            ("delta_macs_m", s => Numbers.Full(s.Delta?.MacsM)),
            ("delta_train_time_pct", s => Numbers.Full(s.Delta?.TrainTimePct)),
            ("delta_infer_time_pct", s => Numbers.Full(s.Delta?.InferTimePct)),
            ("delta_peak_mem_pct", s => Numbers.Full(s.Delta?.PeakMemPct)),
            // The primary metric's difference, in the columns of its name (top1 or map); Welch's test is of the primary.
            ("delta_top1_pp", s => Numbers.Full(Of("top1", s, d => d.PrimaryPp))),
            ("delta_best_top1_pp", s => Numbers.Full(Of("top1", s, d => d.BestPrimaryPp))),
            ("delta_map_pp", s => Numbers.Full(Of("map", s, d => d.PrimaryPp))),
            ("delta_best_map_pp", s => Numbers.Full(Of("map", s, d => d.BestPrimaryPp))),
            ("welch_t", s => Numbers.Full(s.Delta?.PrimaryTest.T)),
            ("welch_df", s => Numbers.Full(s.Delta?.PrimaryTest.DegreesOfFreedom)),
            ("welch_p", s => Numbers.Full(s.Delta?.PrimaryTest.P)),
            ("delta_top1_ci95_low_pp", s => Numbers.Full(Of("top1", s, d => d.PrimaryTest.CiLow))),
            ("delta_top1_ci95_high_pp", s => Numbers.Full(Of("top1", s, d => d.PrimaryTest.CiHigh))),
            ("delta_map_ci95_low_pp", s => Numbers.Full(Of("map", s, d => d.PrimaryTest.CiLow))),
            ("delta_map_ci95_high_pp", s => Numbers.Full(Of("map", s, d => d.PrimaryTest.CiHigh))),
            ("flag", s => s.Delta?.Flag ?? ""),
            ("train_throughput_welch_p", s => Numbers.Full(s.Delta?.TrainThroughputTest.P)),
            ("train_throughput_flag", s => s.Delta?.TrainTimeFlag ?? ""),
            ("infer_throughput_welch_p", s => Numbers.Full(s.Delta?.InferThroughputTest.P)),
            ("infer_throughput_flag", s => s.Delta?.InferTimeFlag ?? ""),
            ("throughput_method", s => string.Join(" ", s.ThroughputMethods)),
            ("code_versions", s => string.Join(" ", s.CodeVersions)),
            ("devices", s => string.Join(" ", s.Devices)),
        });
        return columns;
    }

    /// <summary>A delta of the primary metric when the configuration's primary metric is <paramref name="metric"/>, else null (an empty cell).</summary>
    private static double? Of(string metric, ConfigurationSummary s, Func<BaselineDelta, double> value) =>
        s.Delta is { } d && s.Metrics.Key == metric ? value(d) : null;

    public static void Write(string path, IEnumerable<ConfigurationSummary> summaries) => CsvRows.Write(path, Columns, summaries);

    public static void Write(TextWriter writer, IEnumerable<ConfigurationSummary> summaries) => CsvRows.Write(writer, Columns, summaries);

    /// <summary>
    /// Reads the rows back as the measures <c>ablate compare</c> needs: the primary metric of each row is the one its
    /// <c>primary_metric</c> names (files written before detection have none: top-1). Throws <see cref="InvalidDataException"/>
    /// naming the file and the missing column.
    /// </summary>
    public static IReadOnlyList<Compare.ConfigurationMeasures> Read(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        if (!csv.Read() || !csv.ReadHeader()) throw new InvalidDataException($"{path}: empty, expected a summary.csv header");
        string[] required = ["experiment", "dataset", "backbone", "attention", "placement", "top1_pct_mean", "params_mean", "macs_per_image_mean"];
        foreach (var column in required)
            if (!csv.HeaderRecord!.Contains(column))
                throw new InvalidDataException($"{path}: not a summary.csv (column {column} missing)");
        var result = new List<Compare.ConfigurationMeasures>();
        while (csv.Read())
        {
            string Text(string name) => csv.HeaderRecord!.Contains(name) ? csv.GetField(name) ?? "" : "";
            double Num(string name)
            {
                try { return Numbers.Parse(Text(name)) ?? double.NaN; }
                catch (FormatException) { throw new InvalidDataException($"{path}:{csv.Parser.Row}: {name}: '{Text(name)}' is not a number"); }
            }
            var key = new ConfigurationKey(Text("experiment"), Text("backbone"), Text("attention"), Text("attention_options"),
                Text("placement"), Text("dataset"), Text("variant"));
            int n = int.TryParse(Text("n"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;
            var metrics = Text("primary_metric") switch
            {
                "" or "top1" => TaskMetrics.Classification,
                "map" => TaskMetrics.Detection,
                var other => throw new InvalidDataException($"{path}:{csv.Parser.Row}: primary_metric: '{other}' is not top1 or map"),
            };
            string m = metrics.Key + "_pct";
            if (metrics.IsDetection && !csv.HeaderRecord!.Contains(m + "_mean"))
                throw new InvalidDataException($"{path}: not a summary.csv (column {m}_mean missing)");
            result.Add(new Compare.ConfigurationMeasures(key,
                new Statistic(n, Num(m + "_mean"), Num(m + "_std"), Num(m + "_min"), Num(m + "_max")),
                Num("params_mean"), Num("macs_per_image_mean"), Num("train_img_per_s_mean"), Num("infer_img_per_s_mean"),
                Num("peak_mem_bytes_mean")) { Metrics = metrics });
        }
        return result;
    }
}
