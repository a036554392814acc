using System.Text.Json.Nodes;
using Ablation.Reports.Schema;

namespace Ablation.Reports.Aggregation;

/// <summary>
/// Each attention module's option defaults (module -> option -> default text), supplied by the caller (the
/// CLI takes them from the attention registry; Reports does not reference the model code). The harness
/// records every option resolved, so labels would read <c>cbam(act=relu,bias=true,...)</c>; dropping the
/// options equal to their defaults leaves what the matrix changed: <c>cbam</c>, <c>se(reduction=8)</c>.
/// </summary>
public sealed class AttentionDefaults(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> defaults)
{
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ByModule { get; } = defaults;

    /// <summary>The runs with <c>attention_options</c> reduced to the options that differ from the defaults.</summary>
    public IReadOnlyList<RunRecord> StripDefaults(IEnumerable<RunRecord> runs) =>
        runs.Select(r => r with { AttentionOptions = StripDefaults(r.Attention, r.AttentionOptions) }).ToList();

    public string StripDefaults(string attention, string optionsJson)
    {
        if (!ByModule.TryGetValue(attention, out var defaults)) return optionsJson;
        var options = OptionsText.Parse(optionsJson);
        var kept = new JsonObject();
        foreach (var (key, value) in options)
            if (!defaults.TryGetValue(key, out var d) || !SameValue(d, value)) kept[key] = value;
        return kept.ToJsonString();
    }

    /// <summary>Canonical options text (as in summary.csv: <c>pool=[avg,max],reduction=8</c>) without the default-valued options.</summary>
    public string StripDefaultsFromText(string attention, string canonical)
    {
        if (!ByModule.TryGetValue(attention, out var defaults)) return canonical;
        return OptionsText.Format(Papers.PaperComparison.SplitOptions(canonical)
            .Where(kv => !defaults.TryGetValue(kv.Key, out var d) || !SameValue(d, kv.Value)));
    }

    /// <summary>Option values compare without spaces, brackets and quotes: <c>[avg, max]</c> equals <c>avg,max</c>.</summary>
    public static bool SameValue(string a, string b)
    {
        static string N(string s) => new(s.Where(c => c is not (' ' or '[' or ']' or '"' or '\'')).ToArray());
        return string.Equals(N(a), N(b), StringComparison.OrdinalIgnoreCase);
    }
}
