using System.Globalization;
using Ablation.Reports.Schema;

namespace Ablation.Reports.Tests;

/// <summary>
/// A small detection ablation with known numbers, as the worker stores it (task = detection, top-1 null): yolov5n on
/// shapes with none and eca at backbone-end, three seeds each, three epochs per run (the best epoch is the second:
/// final + 1 pp). Final mAP@0.5:0.95 of eca vs none are the "not_significant" case of Fixtures/welch.json (scipy);
/// mAP50 is mAP + 20 pp, mAP75 mAP - 10 pp. Per class: rectangle mAP + 2 pp, ellipse mAP - 2 pp, triangle pycocotools'
/// -1 (no object of it in the validation split) in seed 0 and mAP otherwise.
/// </summary>
internal static class DetectionStudy
{
    public const string Experiment = "det-sample";

    public static readonly double[] NoneMap = [0.704, 0.698, 0.711];
    public static readonly double[] EcaMap = [0.700, 0.715, 0.692];

    public const long NoneParams = 1_767_976, EcaParams = 1_767_981;
    public const long NoneMacs = 20_684_800, EcaMacs = 20_686_112;

    public static (List<RunRecord> Runs, List<EpochRecord> Epochs) Build(string experiment = Experiment)
    {
        var runs = new List<RunRecord>();
        var epochs = new List<EpochRecord>();
        void Add(string attention, string placement, long seed, double map, long parameters, long macs)
        {
            var id = $"det-{attention}-{seed}";
            string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
            var perClass = $"[{{\"id\":0,\"name\":\"rectangle\",\"ap\":{F(map + 0.02)},\"ap50\":{F(map + 0.22)}}}," +
                           $"{{\"id\":1,\"name\":\"ellipse\",\"ap\":{F(map - 0.02)},\"ap50\":{F(map + 0.18)}}}," +
                           $"{{\"id\":2,\"name\":\"triangle\",\"ap\":{(seed == 0 ? "-1" : F(map))},\"ap50\":{(seed == 0 ? "-1" : F(map + 0.2))}}}]";
            runs.Add(new RunRecord(id, experiment, "yolov5n", attention, "{}", placement, "shapes", seed,
                "{\"epochs\":3,\"img_size\":64,\"preset\":\"yolov5-small\"}", RunStatus.Done, Device: "cpu", Params: parameters, Macs: macs,
                PeakMemBytes: 450_000_000 + parameters, TrainImgS: 60 + seed, InferImgS: 45 + seed, EpochsDone: 3, WallS: 90 + seed,
                Engine: "libtorch 2.10.0 (cpu)", CodeVersion: "d3tec7",
                StartedAt: new DateTimeOffset(2026, 12, 1, 0, 0, (int)seed, TimeSpan.Zero),
                Task: "detection", Map: map, Map50: map + 0.2, Map75: map - 0.1, PerClassAp: perClass));
            // What a detector's epochs hold: train loss and validation mAP, no test top-1 (train_top1 0, as the trainer writes it).
            epochs.Add(new EpochRecord(id, 1, 0.01, 3.0, 0, null, null, null, 30, Map: map - 0.1, Map50: map + 0.1, Map75: map - 0.2));
            epochs.Add(new EpochRecord(id, 2, 0.01, 2.5, 0, null, null, null, 30, Map: map + 0.01, Map50: map + 0.21, Map75: map - 0.09));
            epochs.Add(new EpochRecord(id, 3, 0.01, 2.2, 0, null, null, null, 30, Map: map, Map50: map + 0.2, Map75: map - 0.1));
        }
        for (int s = 0; s < 3; s++)
        {
            Add("none", "none", s, NoneMap[s], NoneParams, NoneMacs);
            Add("eca", "backbone-end", s, EcaMap[s], EcaParams, EcaMacs);
        }
        return (runs, epochs);
    }

    /// <summary>The "not_significant" case of Fixtures/welch.json (scipy, tests/reference/reports_welch.py), in percent.</summary>
    public static System.Text.Json.JsonElement Welch =>
        System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "tests", "Reports.Tests", "Fixtures", "welch.json")))
            .RootElement.GetProperty("not_significant");
}
