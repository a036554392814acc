using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ablation.Harness.Runs;

/// <summary>
/// Everything that decides what a run computes, fully resolved (defaults written out, attention options at
/// their paper defaults). Its canonical JSON (sorted keys, shortest round-trip numbers, no whitespace) is
/// hashed into the <see cref="RunId"/> (DESIGN.md section 2): the same spec is the same run, whatever file or
/// cell it came from. The code version is recorded with a run but is deliberately not part of its identity.
/// </summary>
public sealed record RunSpec(
    string Experiment,
    string Backbone,
    string Attention,
    SortedDictionary<string, string> AttentionOptions,
    string Placement,
    int[]? Stages,
    string? Stem,
    double Width,
    string Dataset,
    SortedDictionary<string, string> DatasetOptions,
    long Seed,
    SortedDictionary<string, JsonNode> Recipe)
{
    /// <summary>The placement recorded for the baseline: without a module, placement has no meaning.</summary>
    public const string NoPlacement = "none";

    /// <summary>The canonical JSON object (sorted keys at every level).</summary>
    public JsonObject ToJson()
    {
        var model = new JsonObject
        {
            ["stages"] = Stages is null ? null : new JsonArray(Stages.Select(s => (JsonNode)JsonValue.Create(s)).ToArray()),
            ["stem"] = Stem,
            ["width"] = Width,
        };
        return Sorted(new JsonObject
        {
            ["experiment"] = Experiment,
            ["backbone"] = Backbone,
            ["attention"] = Attention,
            ["attention_options"] = StringMap(AttentionOptions),
            ["placement"] = Placement,
            ["model"] = model,
            ["dataset"] = Dataset,
            ["dataset_options"] = StringMap(DatasetOptions),
            ["seed"] = Seed,
            ["recipe"] = new JsonObject(Recipe.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value.DeepClone()))),
        });
    }

    public string CanonicalJson() => ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = false });

    private string? _runId;

    /// <summary>The first 16 hex digits of SHA-256 over the canonical JSON (64 bits: collisions are not a concern).</summary>
    public string RunId => _runId ??= Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalJson())))[..16];

    /// <summary>The id to show people (like a short git hash).</summary>
    public string ShortId => RunId[..8];

    /// <summary>Reads a spec back from its JSON (the run.json a worker is given).</summary>
    public static RunSpec FromJson(string json)
    {
        var o = JsonNode.Parse(json)!.AsObject();
        var model = o["model"]!.AsObject();
        return new RunSpec(
            (string)o["experiment"]!, (string)o["backbone"]!, (string)o["attention"]!,
            ToStringMap(o["attention_options"]), (string)o["placement"]!,
            model["stages"] is JsonArray st ? st.Select(s => (int)s!).ToArray() : null,
            (string?)model["stem"], (double)model["width"]!,
            (string)o["dataset"]!, ToStringMap(o["dataset_options"]), (long)o["seed"]!,
            new SortedDictionary<string, JsonNode>(o["recipe"]!.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.DeepClone()), StringComparer.Ordinal));
    }

    /// <summary>Recipe field as text, for display and for recipe fields that vary (e.g. <c>lr=0.05</c>).</summary>
    public string RecipeText(string field) => Recipe.TryGetValue(field, out var v) ? Display(v) : "";

    public static string Display(JsonNode? v) => v switch
    {
        null => "",
        JsonArray a => "[" + string.Join(",", a.Select(Display)) + "]",
        JsonValue x when x.TryGetValue<double>(out var d) => d.ToString("R", CultureInfo.InvariantCulture),
        _ => v.ToString(),
    };

    /// <summary>The attention as a label: <c>se</c>, or <c>se(reduction=8)</c> when options differ between runs.</summary>
    public string AttentionLabel(bool withOptions) =>
        !withOptions || AttentionOptions.Count == 0 ? Attention : $"{Attention}({string.Join(",", AttentionOptions.Select(kv => $"{kv.Key}={kv.Value}"))})";

    private static JsonObject StringMap(SortedDictionary<string, string> map) =>
        new(map.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))));

    private static SortedDictionary<string, string> ToStringMap(JsonNode? node) =>
        new(node?.AsObject().ToDictionary(kv => kv.Key, kv => (string)kv.Value!) ?? [], StringComparer.Ordinal);

    private static JsonObject Sorted(JsonObject o) =>
        new(o.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => KeyValuePair.Create(kv.Key, kv.Value is JsonObject inner ? Sorted((JsonObject)inner.DeepClone()) : kv.Value?.DeepClone())));

    public bool Equals(RunSpec? other) => other is not null && other.RunId == RunId;
    public override int GetHashCode() => RunId.GetHashCode();
}
