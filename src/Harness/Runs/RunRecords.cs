using System.Text.Json.Nodes;
using Ablation.Reports.Schema;

namespace Ablation.Harness.Runs;

/// <summary>
/// Conversions between a run's files (run.json, metrics.jsonl lines, result.json) and the store's rows
/// (<see cref="RunRecord"/>, <see cref="EpochRecord"/>). The JSON uses the store's column names.
/// </summary>
public static class RunRecords
{
    /// <summary>The row of a run nobody has started: identity and axes only.</summary>
    public static RunRecord FromSpec(RunSpec spec, string status) => new(
        RunId: spec.RunId,
        Experiment: spec.Experiment,
        Backbone: spec.Backbone,
        Attention: spec.Attention,
        AttentionOptions: new JsonObject(spec.AttentionOptions.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))).ToJsonString(),
        Placement: spec.Placement,
        Dataset: spec.Dataset,
        Seed: spec.Seed,
        Recipe: new JsonObject(spec.Recipe.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value.DeepClone()))).ToJsonString(),
        Status: status);

    public static JsonObject EpochJson(EpochRecord e) => new()
    {
        ["epoch"] = e.Epoch, ["lr"] = e.Lr, ["train_loss"] = e.TrainLoss, ["train_top1"] = e.TrainTop1,
        ["test_loss"] = e.TestLoss, ["test_top1"] = e.TestTop1, ["test_top5"] = e.TestTop5, ["seconds"] = e.Seconds,
        ["map"] = e.Map, ["map50"] = e.Map50, ["map75"] = e.Map75,
    };

    public static EpochRecord EpochFromJson(string runId, JsonObject o) => new(
        runId, (int)o["epoch"]!, Real(o, "lr"), Real(o, "train_loss"), Real(o, "train_top1"),
        Real(o, "test_loss"), Real(o, "test_top1"), Real(o, "test_top5"), Real(o, "seconds"),
        Real(o, "map"), Real(o, "map50"), Real(o, "map75"));

    /// <summary>result.json: the run's row fields (status, error, metrics, times) and every epoch.</summary>
    public static JsonObject ResultJson(RunRecord r, IEnumerable<EpochRecord> epochs) => new()
    {
        ["status"] = r.Status, ["error"] = r.Error, ["device"] = r.Device,
        ["started_at"] = RecordSql.FormatTime(r.StartedAt), ["finished_at"] = RecordSql.FormatTime(r.FinishedAt),
        ["params"] = r.Params, ["macs"] = r.Macs, ["peak_mem_bytes"] = r.PeakMemBytes,
        ["train_img_s"] = r.TrainImgS, ["infer_img_s"] = r.InferImgS, ["top1"] = r.Top1, ["top5"] = r.Top5,
        ["best_top1"] = r.BestTop1, ["epochs_done"] = r.EpochsDone, ["wall_s"] = r.WallS,
        ["engine"] = r.Engine, ["code_version"] = r.CodeVersion,
        ["load_avg"] = r.LoadAvg, ["throughput_method"] = r.ThroughputMethod,
        ["bench_batch"] = (long?)r.BenchBatch, ["bench_steps"] = (long?)r.BenchSteps, ["bench_threads"] = (long?)r.BenchThreads,
        ["task"] = r.Task, ["map"] = r.Map, ["map50"] = r.Map50, ["map75"] = r.Map75, ["per_class_ap"] = r.PerClassAp,
        ["epochs"] = new JsonArray(epochs.Select(e => (JsonNode)EpochJson(e)).ToArray()),
    };

    /// <summary>A run's row from its spec and result.json.</summary>
    public static RunRecord FromResult(RunSpec spec, JsonObject o) => FromSpec(spec, (string)o["status"]!) with
    {
        Error = (string?)o["error"], Device = (string?)o["device"],
        StartedAt = RecordSql.ParseTime((string?)o["started_at"]), FinishedAt = RecordSql.ParseTime((string?)o["finished_at"]),
        Params = Long(o, "params"), Macs = Long(o, "macs"), PeakMemBytes = Long(o, "peak_mem_bytes"),
        TrainImgS = Real(o, "train_img_s"), InferImgS = Real(o, "infer_img_s"),
        Top1 = Real(o, "top1"), Top5 = Real(o, "top5"), BestTop1 = Real(o, "best_top1"),
        EpochsDone = (int)(Long(o, "epochs_done") ?? 0), WallS = Real(o, "wall_s"),
        Engine = (string?)o["engine"], CodeVersion = (string?)o["code_version"],
        LoadAvg = Real(o, "load_avg"), ThroughputMethod = (string?)o["throughput_method"],
        BenchBatch = (int?)Long(o, "bench_batch"), BenchSteps = (int?)Long(o, "bench_steps"), BenchThreads = (int?)Long(o, "bench_threads"),
        Task = (string?)o["task"], Map = Real(o, "map"), Map50 = Real(o, "map50"), Map75 = Real(o, "map75"), PerClassAp = (string?)o["per_class_ap"],
    };

    public static IReadOnlyList<EpochRecord> EpochsFromResult(string runId, JsonObject o) =>
        o["epochs"] is JsonArray a ? a.OfType<JsonObject>().Select(e => EpochFromJson(runId, e)).ToList() : [];

    private static double? Real(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;
    private static long? Long(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue<long>(out var l) ? l : null;
}
