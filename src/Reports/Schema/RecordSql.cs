using System.Data.Common;
using System.Globalization;

namespace Ablation.Reports.Schema;

/// <summary>
/// Writing and reading records through plain ADO.NET (<see cref="DbCommand"/>), so the same code serves
/// SQLite and PostgreSQL. The upserts use <c>INSERT ... ON CONFLICT ... DO UPDATE</c>, which both accept:
/// writing a run twice (a resumed or re-recorded run) updates it in place, never duplicates it.
/// </summary>
public static class RecordSql
{
    /// <summary>Inserts or replaces a row of <c>runs</c>; parameters are <c>@column</c>, bound by <see cref="BindRun"/>.</summary>
    public static readonly string UpsertRun = Upsert("runs", ResultsSchema.RunColumns, ["run_id"]);

    /// <summary>Inserts or replaces a row of <c>epochs</c>; parameters bound by <see cref="BindEpoch"/>.</summary>
    public static readonly string UpsertEpoch = Upsert("epochs", ResultsSchema.EpochColumns, ["run_id", "epoch"]);

    private static string Upsert(string table, IReadOnlyList<string> columns, string[] key) =>
        $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "@" + c))}) " +
        $"ON CONFLICT ({string.Join(", ", key)}) DO UPDATE SET " +
        string.Join(", ", columns.Where(c => !key.Contains(c)).Select(c => $"{c} = excluded.{c}")) + ";";

    /// <summary>Replaces the command's parameters with the run's values (null as DBNull, times as ISO 8601 UTC).</summary>
    public static void BindRun(DbCommand command, RunRecord r)
    {
        command.Parameters.Clear();
        object?[] values =
        [
            r.RunId, r.Experiment, r.Backbone, r.Attention, r.AttentionOptions, r.Placement, r.Dataset, r.Seed,
            r.Recipe, r.Status, r.Device, FormatTime(r.StartedAt), FormatTime(r.FinishedAt), r.Error, r.Params, r.Macs,
            r.PeakMemBytes, r.TrainImgS, r.InferImgS, r.Top1, r.Top5, r.BestTop1, r.EpochsDone, r.WallS, r.Engine,
            r.CodeVersion, r.LoadAvg, r.ThroughputMethod, r.BenchBatch, r.BenchSteps, r.BenchThreads,
            r.Task, r.Map, r.Map50, r.Map75, r.PerClassAp,
        ];
        Bind(command, ResultsSchema.RunColumns, values);
    }

    /// <summary>Replaces the command's parameters with the epoch's values.</summary>
    public static void BindEpoch(DbCommand command, EpochRecord e)
    {
        command.Parameters.Clear();
        object?[] values = [e.RunId, e.Epoch, e.Lr, e.TrainLoss, e.TrainTop1, e.TestLoss, e.TestTop1, e.TestTop5, e.Seconds, e.Map, e.Map50, e.Map75];
        Bind(command, ResultsSchema.EpochColumns, values);
    }

    private static void Bind(DbCommand command, IReadOnlyList<string> columns, object?[] values)
    {
        for (int i = 0; i < columns.Count; i++)
        {
            var p = command.CreateParameter();
            p.ParameterName = "@" + columns[i];
            p.Value = values[i] ?? DBNull.Value;
            command.Parameters.Add(p);
        }
    }

    /// <summary>Reads the current row of a <c>SELECT *</c> (or any superset of the columns) from <c>runs</c>.</summary>
    public static RunRecord ReadRun(DbDataReader r) => new(
        RunId: Text(r, "run_id")!,
        Experiment: Text(r, "experiment")!,
        Backbone: Text(r, "backbone")!,
        Attention: Text(r, "attention")!,
        AttentionOptions: Text(r, "attention_options") ?? "{}",
        Placement: Text(r, "placement")!,
        Dataset: Text(r, "dataset")!,
        Seed: Int(r, "seed") ?? 0,
        Recipe: Text(r, "recipe") ?? "{}",
        Status: Text(r, "status")!,
        Device: Text(r, "device"),
        StartedAt: ParseTime(Text(r, "started_at")),
        FinishedAt: ParseTime(Text(r, "finished_at")),
        Error: Text(r, "error"),
        Params: Int(r, "params"),
        Macs: Int(r, "macs"),
        PeakMemBytes: Int(r, "peak_mem_bytes"),
        TrainImgS: Real(r, "train_img_s"),
        InferImgS: Real(r, "infer_img_s"),
        Top1: Real(r, "top1"),
        Top5: Real(r, "top5"),
        BestTop1: Real(r, "best_top1"),
        EpochsDone: (int)(Int(r, "epochs_done") ?? 0),
        WallS: Real(r, "wall_s"),
        Engine: Text(r, "engine"),
        CodeVersion: Text(r, "code_version"),
        LoadAvg: Real(r, "load_avg"),
        ThroughputMethod: Text(r, "throughput_method"),
        BenchBatch: (int?)Int(r, "bench_batch"),
        BenchSteps: (int?)Int(r, "bench_steps"),
        BenchThreads: (int?)Int(r, "bench_threads"),
        Task: Text(r, "task"),
        Map: Real(r, "map"),
        Map50: Real(r, "map50"),
        Map75: Real(r, "map75"),
        PerClassAp: Text(r, "per_class_ap"));

    /// <summary>Reads the current row of a <c>SELECT</c> from <c>epochs</c>.</summary>
    public static EpochRecord ReadEpoch(DbDataReader r) => new(
        RunId: Text(r, "run_id")!,
        Epoch: (int)(Int(r, "epoch") ?? 0),
        Lr: Real(r, "lr"),
        TrainLoss: Real(r, "train_loss"),
        TrainTop1: Real(r, "train_top1"),
        TestLoss: Real(r, "test_loss"),
        TestTop1: Real(r, "test_top1"),
        TestTop5: Real(r, "test_top5"),
        Seconds: Real(r, "seconds"),
        Map: Real(r, "map"),
        Map50: Real(r, "map50"),
        Map75: Real(r, "map75"));

    public static string? FormatTime(DateTimeOffset? t) =>
        t?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset? ParseTime(string? s) =>
        string.IsNullOrEmpty(s) ? null
            : DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>The column's index, or -1 when the row has no such column (a store of an older version, read as is).</summary>
    private static int Ordinal(DbDataReader r, string column)
    {
        for (int i = 0; i < r.FieldCount; i++)
            if (string.Equals(r.GetName(i), column, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    private static string? Text(DbDataReader r, string column)
    {
        int i = Ordinal(r, column);
        return i < 0 || r.IsDBNull(i) ? null : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture);
    }

    private static long? Int(DbDataReader r, string column)
    {
        int i = Ordinal(r, column);
        return i < 0 || r.IsDBNull(i) ? null : Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture);
    }

    private static double? Real(DbDataReader r, string column)
    {
        int i = Ordinal(r, column);
        return i < 0 || r.IsDBNull(i) ? null : Convert.ToDouble(r.GetValue(i), CultureInfo.InvariantCulture);
    }
}
