using System.Globalization;
using Ablation.Reports.Aggregation;
using Ablation.Reports.Schema;
using CsvHelper;

namespace Ablation.Reports.Output;

/// <summary>
/// runs.csv: one row per run (every state, failed runs with their error), its axes, measurements with the
/// unit in the column name (accuracies in percent: a classifier's top-1/top-5, a detector's mAP@0.5:0.95, mAP50,
/// mAP75 and its per-class AP as stored, a JSON list of fractions), and provenance (run id, code version, engine, device).
/// </summary>
public static class RunsCsv
{
    public static readonly IReadOnlyList<(string Name, Func<RunRecord, string> Value)> Columns =
    [
        ("run_id", r => r.RunId),
        ("experiment", r => r.Experiment),
        ("dataset", r => r.Dataset),
        ("backbone", r => r.Backbone),
        ("attention", r => r.Attention),
        ("attention_options", r => OptionsText.Canonical(r.AttentionOptions)),
        ("placement", r => r.Placement),
        ("task", r => Aggregation.TaskMetrics.Of(r).Task),
        ("seed", r => r.Seed.ToString(CultureInfo.InvariantCulture)),
        ("status", r => r.Status),
        ("error", r => r.Error ?? ""),
        ("epochs_done", r => r.EpochsDone.ToString(CultureInfo.InvariantCulture)),
        ("top1_pct", r => Numbers.Full(r.Top1 * 100)),
        ("top5_pct", r => Numbers.Full(r.Top5 * 100)),
        ("best_top1_pct", r => Numbers.Full(r.BestTop1 * 100)),
        ("map_pct", r => Numbers.Full(r.Map * 100)),
        ("map50_pct", r => Numbers.Full(r.Map50 * 100)),
        ("map75_pct", r => Numbers.Full(r.Map75 * 100)),
        ("per_class_ap", r => r.PerClassAp ?? ""),
        ("params", r => Numbers.Full(r.Params)),
        ("macs_per_image", r => Numbers.Full(r.Macs)),
        ("train_img_per_s", r => Numbers.Full(r.TrainImgS)),
        ("infer_img_per_s", r => Numbers.Full(r.InferImgS)),
        ("peak_mem_bytes", r => Numbers.Full(r.PeakMemBytes)),
        ("wall_s", r => Numbers.Full(r.WallS)),
        ("throughput_method", r => ThroughputMethods.Of(r)),
        ("load_avg", r => Numbers.Full(r.LoadAvg)),
        ("bench_batch", r => Numbers.Full(r.BenchBatch)),
        ("bench_steps", r => Numbers.Full(r.BenchSteps)),
        ("bench_threads", r => Numbers.Full(r.BenchThreads)),
        ("started_at", r => RecordSql.FormatTime(r.StartedAt) ?? ""),
        ("finished_at", r => RecordSql.FormatTime(r.FinishedAt) ?? ""),
        ("device", r => r.Device ?? ""),
        ("engine", r => r.Engine ?? ""),
        ("code_version", r => r.CodeVersion ?? ""),
        ("recipe", r => r.Recipe),
    ];

    public static void Write(string path, IEnumerable<RunRecord> runs) => CsvRows.Write(path, Columns, runs);

    public static void Write(TextWriter writer, IEnumerable<RunRecord> runs) => CsvRows.Write(writer, Columns, runs);
}
