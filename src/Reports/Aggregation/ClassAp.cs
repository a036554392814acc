namespace Ablation.Reports.Aggregation;

/// <summary>
/// One category's COCO AP over the seeds of a detector configuration: at IoU 0.50:0.95 (<see cref="Ap"/>) and 0.50
/// (<see cref="Ap50"/>), fractions. A seed whose validation split has no object of the category (pycocotools' -1)
/// is left out of the statistic.
/// </summary>
public sealed record ClassAp(int Id, string Name, Statistic Ap, Statistic Ap50);

/// <summary>Reads the store's <c>per_class_ap</c> (a JSON list of <c>{id, name, ap, ap50}</c>) and averages it over runs.</summary>
public static class ClassAps
{
    /// <summary>Per category (by id, ascending), AP and AP50 over the runs that list it; text that is not such a list is skipped.</summary>
    public static IReadOnlyList<ClassAp> Over(IEnumerable<string?> perClassJson)
    {
        var byId = new SortedDictionary<int, (string Name, List<double?> Ap, List<double?> Ap50)>();
        foreach (var text in perClassJson)
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            System.Text.Json.JsonDocument doc;
            try { doc = System.Text.Json.JsonDocument.Parse(text); }
            catch (System.Text.Json.JsonException) { continue; }
            using (doc)
            {
                if (doc.RootElement.ValueKind != System.Text.Json.JsonValueKind.Array) continue;
                foreach (var c in doc.RootElement.EnumerateArray())
                {
                    if (c.ValueKind != System.Text.Json.JsonValueKind.Object || !c.TryGetProperty("id", out var idNode) || !idNode.TryGetInt32(out int id)) continue;
                    string name = c.TryGetProperty("name", out var n) && n.ValueKind == System.Text.Json.JsonValueKind.String ? n.GetString()! : id.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    if (!byId.TryGetValue(id, out var entry)) byId[id] = entry = (name, [], []);
                    entry.Ap.Add(Value(c, "ap"));
                    entry.Ap50.Add(Value(c, "ap50"));
                }
            }
        }
        return byId.Select(kv => new ClassAp(kv.Key, kv.Value.Name, Statistic.Of(kv.Value.Ap), Statistic.Of(kv.Value.Ap50))).ToList();
    }

    /// <summary>A fraction in [0, 1]; pycocotools' -1 ("no ground truth of this category") and anything else is missing.</summary>
    private static double? Value(System.Text.Json.JsonElement c, string name) =>
        c.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.Number && v.GetDouble() is var d && d >= 0 ? d : null;
}
