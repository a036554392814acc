namespace Ablation.Reports.Aggregation;

/// <summary>
/// The matrix's <c>baseline:</c> (DESIGN.md section 5): the axis values that make a configuration the
/// baseline, for example <c>{ attention: none }</c>. Fields are axis names (backbone, attention,
/// placement, dataset); <c>attention_options</c> holds canonical options text when the baseline names an
/// attention with options. Every other axis is taken from the configuration being compared.
/// </summary>
public sealed record BaselineSpec(IReadOnlyDictionary<string, string> Fields)
{
    public static readonly BaselineSpec NoAttention = new(new Dictionary<string, string> { ["attention"] = "none" });

    public static readonly string[] AllowedFields = ["backbone", "attention", "attention_options", "placement", "dataset"];

    public bool Matches(ConfigurationKey k) => Fields.All(f => Value(k, f.Key) == f.Value) &&
        (!Fields.ContainsKey("attention") || Fields.ContainsKey("attention_options") || k.AttentionOptions.Length == 0 || k.Attention == "none");

    public static string Value(ConfigurationKey k, string field) => field switch
    {
        "backbone" => k.Backbone,
        "attention" => k.Attention,
        "attention_options" => k.AttentionOptions,
        "placement" => k.Placement,
        "dataset" => k.Dataset,
        _ => throw new ArgumentException($"baseline: unknown field '{field}'; allowed: {string.Join(", ", AllowedFields)}"),
    };

    public override string ToString() => "{ " + string.Join(", ", Fields.Select(f => $"{f.Key}: {f.Value}")) + " }";
}
