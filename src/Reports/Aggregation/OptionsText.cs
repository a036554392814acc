using System.Globalization;
using System.Text.Json;

namespace Ablation.Reports.Aggregation;

/// <summary>
/// Canonical text of a JSON object of options (<c>{"reduction": 8}</c> -> <c>reduction=8</c>): keys sorted,
/// values as written, so the same options always give the same configuration key.
/// </summary>
public static class OptionsText
{
    public static SortedDictionary<string, string> Parse(string? json)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json)) return result;
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind != JsonValueKind.Object) return result;
        foreach (var p in doc.RootElement.EnumerateObject()) result[p.Name] = Value(p.Value);
        return result;
    }

    public static string Format(IEnumerable<KeyValuePair<string, string>> options) =>
        string.Join(",", options.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));

    public static string Canonical(string? json) => Format(Parse(json));

    private static string Value(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString() ?? "",
        JsonValueKind.Number => e.TryGetInt64(out var l) ? l.ToString(CultureInfo.InvariantCulture)
            : e.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        JsonValueKind.Array => "[" + string.Join(",", e.EnumerateArray().Select(Value)) + "]",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        _ => e.GetRawText(),
    };
}
