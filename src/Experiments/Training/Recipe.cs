using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ablation.Experiments.Training;

/// <summary>
/// How a run is trained (DESIGN.md section 5 <c>recipe</c>). Field names in YAML, JSON and on the command
/// line are the snake_case names of <see cref="FieldNames"/>; <see cref="Set"/> applies one of them with
/// validation, <see cref="ToJson"/> gives the canonical form a run's identity is hashed from.
/// <list type="bullet">
/// <item><c>optimizer</c>: <c>sgd</c> (with <c>momentum</c>, <c>nesterov</c>) or <c>adamw</c> (Loshchilov and
/// Hutter 2019, decoupled weight decay, betas 0.9/0.999).</item>
/// <item><c>weight_decay</c> applies to every parameter unless <c>no_bn_bias_decay</c>, which exempts
/// BatchNorm weights and all biases (every parameter of fewer than 2 dimensions), as Goyal et al. 2017.</item>
/// <item><c>schedule</c>: <c>constant</c>, <c>step</c> (lr * gamma^(epoch / step_size)), <c>multistep</c>
/// (lr * gamma^(milestones passed)), <c>cosine</c> (SGDR without restarts, Loshchilov and Hutter 2017:
/// lr * (1 + cos(pi t / T)) / 2), after <c>warmup_epochs</c> of linear warmup (Goyal et al. 2017). The
/// schedule is evaluated per step, with fractional epochs.</item>
/// <item><c>label_smoothing</c>: Szegedy et al. 2016 (as torch.nn.CrossEntropyLoss(label_smoothing=)).</item>
/// <item><c>augment</c>: see <see cref="Data.Augmentation"/>; <c>eval_interval</c>: evaluate every N
/// epochs (the last epoch always).</item>
/// </list>
/// </summary>
public sealed record Recipe
{
    public int Epochs { get; init; } = 200;
    public int Batch { get; init; } = 128;
    public string Optimizer { get; init; } = "sgd";
    public double Lr { get; init; } = 0.1;
    public double Momentum { get; init; } = 0.9;
    public bool Nesterov { get; init; } = true;
    public double WeightDecay { get; init; } = 5e-4;
    public bool NoBnBiasDecay { get; init; }
    public string Schedule { get; init; } = "cosine";
    public int StepSize { get; init; } = 30;
    public IReadOnlyList<int> Milestones { get; init; } = new[] { 100, 150 };
    public double Gamma { get; init; } = 0.1;
    public double WarmupEpochs { get; init; }
    public double LabelSmoothing { get; init; }
    public IReadOnlyList<string> Augment { get; init; } = new[] { "random-crop-4", "hflip" };
    public int EvalInterval { get; init; } = 1;

    public static readonly IReadOnlyList<string> Optimizers = new[] { "sgd", "adamw" };
    public static readonly IReadOnlyList<string> Schedules = new[] { "constant", "step", "multistep", "cosine" };

    public static readonly IReadOnlyList<string> FieldNames = new[]
    {
        "epochs", "batch", "optimizer", "lr", "momentum", "nesterov", "weight_decay", "no_bn_bias_decay", "schedule",
        "step_size", "milestones", "gamma", "warmup_epochs", "label_smoothing", "augment", "eval_interval",
    };

    /// <summary>
    /// Named starting points (as BenchmarkDotNet's Job presets): <c>cifar</c> (200 epochs, SGD 0.1 Nesterov,
    /// cosine, crop+flip: the usual CIFAR recipe of the attention papers), <c>fashion-mnist</c> (10 epochs, batch 64,
    /// SGD 0.05 Nesterov, cosine, horizontal flips) and <c>smoke</c> (1 epoch, small batch, no augmentation: checks a run end to end).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, Recipe> Presets = new Dictionary<string, Recipe>
    {
        ["cifar"] = new(),
        ["fashion-mnist"] = new()
        {
            Epochs = 10, Batch = 64, Lr = 0.05, WeightDecay = 5e-4, Augment = new[] { "hflip" },
        },
        ["smoke"] = new()
        {
            Epochs = 1, Batch = 32, Lr = 0.05, Schedule = "constant", Nesterov = false, Augment = Array.Empty<string>(),
        },
    };

    public static Recipe Preset(string name) =>
        Presets.TryGetValue(name, out var r) ? r
            : throw new ArgumentException($"recipe: unknown preset '{name}', allowed: {string.Join(", ", Presets.Keys)}");

    /// <summary>A copy with one field set from its text form; a bad name or value is a one-line ArgumentException.</summary>
    public Recipe Set(string field, string value)
    {
        string Bad(string allowed) => $"recipe: field '{field}' is '{value}', allowed: {allowed}";
        int Int(int min) => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min
            ? v : throw new ArgumentException(Bad($"an integer >= {min}"));
        double Real(double min, double max) =>
            double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max && double.IsFinite(v)
                ? v : throw new ArgumentException(Bad($"a number in [{min}, {max}]"));
        bool Bool() => value.Trim().ToLowerInvariant() switch
        {
            "true" or "1" or "yes" => true,
            "false" or "0" or "no" => false,
            _ => throw new ArgumentException(Bad("true, false")),
        };
        IReadOnlyList<string> List() => value.Trim().Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        var r = field switch
        {
            "epochs" => this with { Epochs = Int(1) },
            "batch" => this with { Batch = Int(1) },
            "optimizer" => Optimizers.Contains(value) ? this with { Optimizer = value } : throw new ArgumentException(Bad(string.Join(", ", Optimizers))),
            "lr" => this with { Lr = Real(0, 1e3) },
            "momentum" => this with { Momentum = Real(0, 1) },
            "nesterov" => this with { Nesterov = Bool() },
            "weight_decay" => this with { WeightDecay = Real(0, 1) },
            "no_bn_bias_decay" => this with { NoBnBiasDecay = Bool() },
            "schedule" => Schedules.Contains(value) ? this with { Schedule = value } : throw new ArgumentException(Bad(string.Join(", ", Schedules))),
            "step_size" => this with { StepSize = Int(1) },
            "milestones" => this with
            {
                Milestones = List().Select(m => int.TryParse(m, out var v) && v >= 1 ? v : throw new ArgumentException(Bad("a list of epochs >= 1, e.g. [100, 150]"))).ToArray(),
            },
            "gamma" => this with { Gamma = Real(0, 1) },
            "warmup_epochs" => this with { WarmupEpochs = Real(0, 1e6) },
            "label_smoothing" => this with { LabelSmoothing = Real(0, 1) },
            "augment" => this with { Augment = List().Where(a => a != "none").ToArray() },
            "eval_interval" => this with { EvalInterval = Int(1) },
            _ => throw new ArgumentException($"recipe: unknown field '{field}', allowed: {string.Join(", ", FieldNames)}"),
        };
        r.Validate();
        return r;
    }

    /// <summary>Checks every field (and the augmentation names); throws a one-line ArgumentException.</summary>
    public Recipe Validate()
    {
        if (Epochs < 1) throw new ArgumentException($"recipe: field 'epochs' is {Epochs}, allowed: an integer >= 1");
        if (Batch < 1) throw new ArgumentException($"recipe: field 'batch' is {Batch}, allowed: an integer >= 1");
        if (!Optimizers.Contains(Optimizer)) throw new ArgumentException($"recipe: field 'optimizer' is '{Optimizer}', allowed: {string.Join(", ", Optimizers)}");
        if (!Schedules.Contains(Schedule)) throw new ArgumentException($"recipe: field 'schedule' is '{Schedule}', allowed: {string.Join(", ", Schedules)}");
        if (!(Lr >= 0) || !double.IsFinite(Lr)) throw new ArgumentException($"recipe: field 'lr' is {Lr}, allowed: a number >= 0");
        if (LabelSmoothing is < 0 or > 1) throw new ArgumentException($"recipe: field 'label_smoothing' is {LabelSmoothing}, allowed: a number in [0, 1]");
        if (EvalInterval < 1) throw new ArgumentException($"recipe: field 'eval_interval' is {EvalInterval}, allowed: an integer >= 1");
        Data.Augmentation.Parse(Augment);
        return this;
    }

    public Data.Augmentation Augmentation => Data.Augmentation.Parse(Augment);

    /// <summary>Whether epoch <paramref name="epoch"/> (1-based) ends with an evaluation.</summary>
    public bool EvaluatesAfter(int epoch) => epoch % EvalInterval == 0 || epoch == Epochs;

    /// <summary>The canonical JSON object: every field, in <see cref="FieldNames"/> order, snake_case.</summary>
    public JsonObject ToJsonObject() => new()
    {
        ["epochs"] = Epochs,
        ["batch"] = Batch,
        ["optimizer"] = Optimizer,
        ["lr"] = Lr,
        ["momentum"] = Momentum,
        ["nesterov"] = Nesterov,
        ["weight_decay"] = WeightDecay,
        ["no_bn_bias_decay"] = NoBnBiasDecay,
        ["schedule"] = Schedule,
        ["step_size"] = StepSize,
        ["milestones"] = new JsonArray(Milestones.Select(m => (JsonNode)m).ToArray()),
        ["gamma"] = Gamma,
        ["warmup_epochs"] = WarmupEpochs,
        ["label_smoothing"] = LabelSmoothing,
        ["augment"] = new JsonArray(Augment.Select(a => (JsonNode)a).ToArray()),
        ["eval_interval"] = EvalInterval,
    };

    public string ToJson() => ToJsonObject().ToJsonString();

    /// <summary>Reads a recipe object (any subset of fields; the rest from <paramref name="baseline"/>).</summary>
    public static Recipe FromJson(string json, Recipe? baseline = null)
    {
        var node = JsonNode.Parse(json) as JsonObject ?? throw new ArgumentException("recipe: expected a JSON object");
        var r = baseline ?? new Recipe();
        foreach (var (key, value) in node)
        {
            string text = value switch
            {
                JsonArray a => string.Join(",", a.Select(x => x?.ToString())),
                null => "",
                _ => value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString(),
            };
            r = r.Set(key, text);
        }
        return r.Validate();
    }

    public override string ToString() => ToJson();
}
