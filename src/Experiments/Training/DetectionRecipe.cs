using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ablation.Experiments.Data.Detection;

namespace Ablation.Experiments.Training;

/// <summary>
/// How a detector trains: ultralytics YOLOv5's train.py with data/hyps/hyp.scratch-low.yaml (preset
/// <c>yolov5</c>). SGD (Nesterov) at lr0 0.01 decaying to lr0·lrf with a per-epoch linear or cosine one-cycle
/// lambda; momentum 0.937; weight decay 5e-4 at a nominal batch <c>nbs</c> of 64, reached by gradient
/// accumulation (accumulate = round(nbs / batch), decay scaled by batch·accumulate / nbs); warm-up over
/// max(warmup_epochs · steps, 100) iterations with momentum from 0.8 and the bias group's lr from 0.1; a model
/// EMA (decay 0.9999 ramped by 1 - exp(-updates / tau), tau 2000) that is evaluated and saved; YOLOv5's
/// augmentation with mosaic closed for the last <c>close_mosaic</c> epochs; letterboxed <c>img_size</c> inputs.
/// <para>Schedule <c>yolox</c> (preset <c>yolox</c>) is Megvii YOLOX's trainer instead (yolox/exp/yolox_base.py,
/// yolox/utils/lr_scheduler.py "yoloxwarmcos", release 0.3.0): lr = lr0 · batch / nbs (basic_lr_per_img 0.01 / 64)
/// with no gradient accumulation, the same for every parameter group, warmed up quadratically from 0 over
/// <c>warmup_epochs</c>, then cosine down to lr · lrf (min_lr_ratio) and held there for the last
/// <c>close_mosaic</c> epochs (no_aug_epochs, in which the YOLOX loss adds its L1 term); constant momentum;
/// weight decay unscaled; no gradient clipping. warmup_momentum and warmup_bias_lr do not apply.</para>
/// </summary>
public sealed record DetectionRecipe
{
    public int Epochs { get; init; } = 100;
    public int Batch { get; init; } = 16;
    public int ImgSize { get; init; } = 640;
    public int CloseMosaic { get; init; } = 10;
    public double Lr0 { get; init; } = 0.01;
    public double Lrf { get; init; } = 0.01;
    /// <summary>linear (train.py's default), cosine (--cos-lr, one_cycle), or yolox (YOLOX's trainer, see above).</summary>
    public string Schedule { get; init; } = "linear";
    public double Momentum { get; init; } = 0.937;
    public double WeightDecay { get; init; } = 5e-4;
    public int Nbs { get; init; } = 64;
    public double WarmupEpochs { get; init; } = 3.0;
    public double WarmupMomentum { get; init; } = 0.8;
    public double WarmupBiasLr { get; init; } = 0.1;
    public double EmaDecay { get; init; } = 0.9999;
    public double EmaTau { get; init; } = 2000;
    /// <summary>Mosaic probability (hyp.scratch-low: 1.0); 0 turns mosaic off.</summary>
    public double Mosaic { get; init; } = 1.0;
    public int EvalInterval { get; init; } = 1;

    public static readonly IReadOnlyList<string> Schedules = new[] { "linear", "cosine", "yolox" };

    /// <summary>Whether this recipe is YOLOX's trainer (schedule yolox) rather than YOLOv5's train.py.</summary>
    public bool IsYolox => Schedule == "yolox";

    public static readonly IReadOnlyList<string> FieldNames = new[]
    {
        "epochs", "batch", "img_size", "close_mosaic", "lr0", "lrf", "schedule", "momentum", "weight_decay", "nbs",
        "warmup_epochs", "warmup_momentum", "warmup_bias_lr", "ema_decay", "ema_tau", "mosaic", "eval_interval",
    };

    /// <summary>
    /// <c>yolov5</c>: hyp.scratch-low at 640 px for 100 epochs (train.py's defaults, batch 16);
    /// <c>yolov5-small</c>: the same recipe for small images and short runs (128 px, 30 epochs, mosaic closed for the last 5,
    /// nominal batch 16 so that each batch of 16 is an optimizer step: 32 updates per epoch of 500 images instead of 8).
    /// On the shapes set (500 images of 128 px, 3 classes) yolov5n reaches mAP50 0.71 in 169-174 s on 2 cores (README, Detectors).
    /// <c>yolox</c>: YOLOX's yolox_base.py at 640 px: 300 epochs, lr 0.01 per 64 images (so batch 16, the yolov5
    /// preset's, trains at lr 0.0025; YOLOX's README trains with batch 64 on 8 GPUs: <c>--batch 64</c>), momentum 0.9,
    /// decay 5e-4, 5 warm-up epochs, cosine to 0.05 lr, the last 15 epochs without mosaic (and with the L1 loss),
    /// EMA 0.9998, evaluation every 10 epochs (and after the last). YOLOX also draws mixup and a wider random
    /// affine (degrees 10, shear 2, scale 0.1-2); this project's augmentation is YOLOv5's for every detector.
    /// <c>yolox-small</c>: the same for small images and short runs (128 px, 30 epochs, batch 16, 1 warm-up epoch,
    /// the last 5 without mosaic, evaluation every epoch).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, DetectionRecipe> Presets = new Dictionary<string, DetectionRecipe>
    {
        ["yolov5"] = new(),
        ["yolov5-small"] = new() { Epochs = 30, ImgSize = 128, CloseMosaic = 5, Nbs = 16 },
        ["yolox"] = Yolox,
        ["yolox-small"] = Yolox with { Epochs = 30, Batch = 16, ImgSize = 128, CloseMosaic = 5, WarmupEpochs = 1, EvalInterval = 1 },
    };

    private static DetectionRecipe Yolox => new()
    {
        Epochs = 300, Batch = 16, ImgSize = 640, CloseMosaic = 15, Lr0 = 0.01, Lrf = 0.05, Schedule = "yolox", Momentum = 0.9,
        WeightDecay = 5e-4, Nbs = 64, WarmupEpochs = 5, WarmupMomentum = 0.9, WarmupBiasLr = 0, EmaDecay = 0.9998, EmaTau = 2000,
        Mosaic = 1.0, EvalInterval = 10,
    };

    /// <summary>The preset a detector family trains with when none is named: <c>yolox</c> for YOLOX, else <c>yolov5</c>.</summary>
    public static string DefaultPresetFor(string family) => family == "yolox" ? "yolox" : "yolov5";

    public static bool IsPreset(string name) => Presets.ContainsKey(name);

    public static DetectionRecipe Preset(string name) =>
        Presets.TryGetValue(name, out var r) ? r
            : throw new ArgumentException($"recipe: unknown detection preset '{name}', allowed: {string.Join(", ", Presets.Keys)}");

    /// <summary>A copy with one field set from its text form; a bad name or value is a one-line ArgumentException.</summary>
    public DetectionRecipe Set(string field, string value)
    {
        string Bad(string allowed) => $"recipe: field '{field}' is '{value}', allowed: {allowed}";
        int Int(int min) => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min
            ? v : throw new ArgumentException(Bad($"an integer >= {min}"));
        double Real(double min, double max) =>
            double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max && double.IsFinite(v)
                ? v : throw new ArgumentException(Bad($"a number in [{min}, {max}]"));
        var r = field switch
        {
            "epochs" => this with { Epochs = Int(1) },
            "batch" => this with { Batch = Int(1) },
            "img_size" => int.TryParse(value, out var s) && s >= 32 && s % 32 == 0 ? this with { ImgSize = s }
                : throw new ArgumentException(Bad("a positive multiple of 32 (the largest stride)")),
            "close_mosaic" => this with { CloseMosaic = Int(0) },
            "lr0" => this with { Lr0 = Real(0, 10) },
            "lrf" => this with { Lrf = Real(0, 1) },
            "schedule" => Schedules.Contains(value) ? this with { Schedule = value } : throw new ArgumentException(Bad(string.Join(", ", Schedules))),
            "momentum" => this with { Momentum = Real(0, 1) },
            "weight_decay" => this with { WeightDecay = Real(0, 1) },
            "nbs" => this with { Nbs = Int(1) },
            "warmup_epochs" => this with { WarmupEpochs = Real(0, 1e6) },
            "warmup_momentum" => this with { WarmupMomentum = Real(0, 1) },
            "warmup_bias_lr" => this with { WarmupBiasLr = Real(0, 10) },
            "ema_decay" => this with { EmaDecay = Real(0, 1) },
            "ema_tau" => this with { EmaTau = Real(1e-9, 1e12) },
            "mosaic" => this with { Mosaic = Real(0, 1) },
            "eval_interval" => this with { EvalInterval = Int(1) },
            _ => throw new ArgumentException($"recipe: unknown detection field '{field}', allowed: {string.Join(", ", FieldNames)}"),
        };
        return r.Validate();
    }

    /// <summary>Checks every field; throws a one-line ArgumentException naming the field and what is allowed.</summary>
    public DetectionRecipe Validate()
    {
        void Check(bool ok, string field, object value, string allowed)
        {
            if (!ok) throw new ArgumentException($"recipe: field '{field}' is {Convert.ToString(value, CultureInfo.InvariantCulture)}, allowed: {allowed}");
        }
        Check(Epochs >= 1, "epochs", Epochs, "an integer >= 1");
        Check(Batch >= 1, "batch", Batch, "an integer >= 1");
        Check(ImgSize >= 32 && ImgSize % 32 == 0, "img_size", ImgSize, "a positive multiple of 32 (the largest stride)");
        Check(CloseMosaic >= 0, "close_mosaic", CloseMosaic, "an integer >= 0");
        Check(Lr0 >= 0 && double.IsFinite(Lr0), "lr0", Lr0, "a number >= 0");
        Check(Lrf is >= 0 and <= 1, "lrf", Lrf, "a number in [0, 1]");
        Check(Schedules.Contains(Schedule), "schedule", Schedule, string.Join(", ", Schedules));
        Check(Momentum is >= 0 and <= 1, "momentum", Momentum, "a number in [0, 1]");
        Check(WeightDecay is >= 0 and <= 1, "weight_decay", WeightDecay, "a number in [0, 1]");
        Check(Nbs >= 1, "nbs", Nbs, "an integer >= 1");
        Check(WarmupEpochs >= 0, "warmup_epochs", WarmupEpochs, "a number >= 0");
        Check(WarmupMomentum is >= 0 and <= 1, "warmup_momentum", WarmupMomentum, "a number in [0, 1]");
        Check(EmaDecay is >= 0 and <= 1, "ema_decay", EmaDecay, "a number in [0, 1]");
        Check(EmaTau > 0, "ema_tau", EmaTau, "a number > 0");
        Check(Mosaic is >= 0 and <= 1, "mosaic", Mosaic, "a number in [0, 1]");
        Check(EvalInterval >= 1, "eval_interval", EvalInterval, "an integer >= 1");
        return this;
    }

    /// <summary>YOLOv5's training augmentation with this recipe's mosaic probability and close_mosaic.</summary>
    public DetectionAugmentation Augmentation => DetectionAugmentation.YoloV5 with { Mosaic = (float)Mosaic, CloseMosaic = CloseMosaic };

    /// <summary>train.py: accumulate = max(round(nbs / batch), 1); YOLOX: 1 (its lr scales with the batch instead).</summary>
    public int Accumulate => IsYolox ? 1 : Math.Max((int)Math.Round(Nbs / (double)Batch, MidpointRounding.ToEven), 1);

    /// <summary>train.py: hyp['weight_decay'] *= batch * accumulate / nbs; YOLOX: unscaled.</summary>
    public double ScaledWeightDecay => IsYolox ? WeightDecay : WeightDecay * Batch * Accumulate / Nbs;

    /// <summary>The learning rate the schedule starts from: lr0, or for YOLOX lr0 · batch / nbs (the linear scaling rule).</summary>
    public double BaseLr => IsYolox ? Lr0 * Batch / Nbs : Lr0;

    /// <summary>train.py clips the gradient norm at 10 before each step; YOLOX's trainer does not clip.</summary>
    public double? ClipGradNorm => IsYolox ? null : 10.0;

    /// <summary>
    /// Whether the YOLOX loss adds its L1 term in <paramref name="epoch"/> (1-based): in the last close_mosaic epochs,
    /// as YOLOX's trainer does from epoch max_epoch - no_aug_epochs on (whatever the mosaic probability).
    /// </summary>
    public bool L1LossIn(int epoch) => epoch > Epochs - CloseMosaic;

    public bool EvaluatesAfter(int epoch) => epoch % EvalInterval == 0 || epoch == Epochs;

    public JsonObject ToJsonObject() => new()
    {
        ["epochs"] = Epochs, ["batch"] = Batch, ["img_size"] = ImgSize, ["close_mosaic"] = CloseMosaic, ["lr0"] = Lr0,
        ["lrf"] = Lrf, ["schedule"] = Schedule, ["momentum"] = Momentum, ["weight_decay"] = WeightDecay, ["nbs"] = Nbs,
        ["warmup_epochs"] = WarmupEpochs, ["warmup_momentum"] = WarmupMomentum, ["warmup_bias_lr"] = WarmupBiasLr,
        ["ema_decay"] = EmaDecay, ["ema_tau"] = EmaTau, ["mosaic"] = Mosaic, ["eval_interval"] = EvalInterval,
    };

    /// <summary>Reads a recipe object (any subset of fields; the rest from <paramref name="baseline"/>).</summary>
    public static DetectionRecipe FromJson(string json, DetectionRecipe? baseline = null)
    {
        var node = JsonNode.Parse(json) as JsonObject ?? throw new ArgumentException("recipe: expected a JSON object");
        var r = baseline ?? new DetectionRecipe();
        foreach (var (key, value) in node)
            r = r.Set(key, value is null ? "" : value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString());
        return r.Validate();
    }

    public override string ToString() => ToJsonObject().ToJsonString();
}
