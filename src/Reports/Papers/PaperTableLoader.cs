using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ablation.Reports.Papers;

/// <summary>
/// Loads experiments/papers/*.yaml (format: experiments/papers/README.md). Numbers are kept with the
/// digits printed in the file (<see cref="PublishedNumber"/>). Unknown fields are errors, so a typo
/// ("param_m") cannot silently drop a target.
/// </summary>
public static class PaperTableLoader
{
    private static readonly string[] TopFields =
        ["title", "citation", "url", "table", "dataset", "input", "classes", "tolerance", "results"];
    private static readonly string[] EntryFields =
        ["backbone", "attention", "placement", "stages", "stem", "width", "input", "classes", "dataset",
         "params_m", "gmacs", "top1", "top5", "top1_err", "top5_err", "map", "map50", "note"];
    private static readonly string[] ToleranceFields = ["top1_pp", "top5_pp", "params_rel", "macs_rel", "map_pp"];

    public static PaperTable Load(string path)
    {
        if (!File.Exists(path)) throw new PaperFormatException($"{path}: no such paper file");
        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    public static PaperTable Parse(TextReader text, string path)
    {
        var stream = new YamlStream();
        try { stream.Load(text); }
        catch (YamlException e) { throw new PaperFormatException($"{path}:{e.Start.Line}:{e.Start.Column}: not valid YAML: {e.Message}"); }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new PaperFormatException($"{path}:1:1: a paper file is a mapping with title, results, ...");
        var ctx = new Context(path);
        ctx.CheckFields(root, TopFields, "");

        var tolerance = PaperTolerance.Default;
        if (ctx.Child(root, "tolerance") is { } tolNode)
        {
            var tol = ctx.Mapping(tolNode, "tolerance");
            ctx.CheckFields(tol, ToleranceFields, "tolerance.");
            tolerance = new PaperTolerance(
                ctx.Double(tol, "top1_pp", "tolerance.") ?? tolerance.Top1Pp,
                ctx.Double(tol, "top5_pp", "tolerance.") ?? tolerance.Top5Pp,
                ctx.Double(tol, "params_rel", "tolerance.") ?? tolerance.ParamsRel,
                ctx.Double(tol, "macs_rel", "tolerance.") ?? tolerance.MacsRel,
                ctx.Double(tol, "map_pp", "tolerance.") ?? tolerance.MapPp);
        }

        var resultsNode = ctx.Child(root, "results") ?? throw ctx.Error(root, "results", "required: a list of published rows");
        if (resultsNode is not YamlSequenceNode rows) throw ctx.Error(resultsNode, "results", "must be a list of mappings");
        var entries = new List<PaperEntry>();
        for (int i = 0; i < rows.Children.Count; i++)
            entries.Add(ParseEntry(ctx, rows.Children[i], $"results[{i}]."));

        return new PaperTable(path,
            ctx.String(root, "title", "") ?? throw ctx.Error(root, "title", "required: the paper's title"),
            ctx.String(root, "citation", ""), ctx.String(root, "url", ""), ctx.String(root, "table", ""),
            ctx.String(root, "dataset", ""), ctx.Long(root, "input", ""), ctx.Long(root, "classes", ""),
            tolerance, entries);
    }

    private static PaperEntry ParseEntry(Context ctx, YamlNode node, string prefix)
    {
        var m = ctx.Mapping(node, prefix.TrimEnd('.'));
        ctx.CheckFields(m, EntryFields, prefix);
        var backbone = ctx.String(m, "backbone", prefix) ?? throw ctx.Error(m, prefix + "backbone", "required");
        var (attention, options) = ParseAttention(ctx, ctx.Child(m, "attention") ?? throw ctx.Error(m, prefix + "attention", "required (none for the baseline)"), prefix);

        var top1 = ctx.Number(m, "top1", prefix);
        var top1Err = ctx.Number(m, "top1_err", prefix);
        var top5 = ctx.Number(m, "top5", prefix);
        var top5Err = ctx.Number(m, "top5_err", prefix);
        if (top1 is not null && top1Err is not null) throw ctx.Error(m, prefix + "top1_err", "give top1 or top1_err, not both");
        if (top5 is not null && top5Err is not null) throw ctx.Error(m, prefix + "top5_err", "give top5 or top5_err, not both");
        var map = ctx.Number(m, "map", prefix);
        var map50 = ctx.Number(m, "map50", prefix);
        if ((map is not null || map50 is not null) && (top1 ?? top1Err ?? top5 ?? top5Err) is not null)
            throw ctx.Error(m, prefix + (map is not null ? "map" : "map50"), "a row is a classifier's (top1, top5) or a detector's (map, map50), not both");

        int[]? stages = null;
        if (ctx.Child(m, "stages") is { } stagesNode)
        {
            if (stagesNode is not YamlSequenceNode seq) throw ctx.Error(stagesNode, prefix + "stages", "must be a list of stage numbers, e.g. [2, 3, 4]");
            stages = seq.Children.Select(s => (int)ctx.ParseLong(s, prefix + "stages")).ToArray();
        }

        return new PaperEntry(backbone, attention, options,
            ctx.String(m, "placement", prefix), stages, ctx.String(m, "stem", prefix), ctx.Double(m, "width", prefix),
            ctx.Long(m, "input", prefix), ctx.Long(m, "classes", prefix), ctx.String(m, "dataset", prefix),
            ctx.Number(m, "params_m", prefix), ctx.Number(m, "gmacs", prefix),
            top1 ?? FromError(top1Err), top5 ?? FromError(top5Err), ctx.String(m, "note", prefix),
            (int)m.Start.Line) { Map = map, Map50 = map50 };
    }

    private static PublishedNumber? FromError(PublishedNumber? error) =>
        error is null ? null : new PublishedNumber(Math.Round(100 - error.Value, error.Decimals), error.Decimals);

    private static (string, IReadOnlyDictionary<string, string>) ParseAttention(Context ctx, YamlNode node, string prefix)
    {
        if (node is YamlScalarNode s && !string.IsNullOrWhiteSpace(s.Value)) return (s.Value!.Trim(), new Dictionary<string, string>());
        if (node is not YamlMappingNode m)
            throw ctx.Error(node, prefix + "attention", "a name (se) or a mapping with name and options ({name: se, reduction: 8})");
        string? name = null;
        var options = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in m.Children)
        {
            var key = ((YamlScalarNode)k).Value!;
            var value = v switch
            {
                YamlScalarNode sv => sv.Value ?? "",
                YamlSequenceNode sq => "[" + string.Join(",", sq.Children.OfType<YamlScalarNode>().Select(x => x.Value)) + "]",
                _ => throw ctx.Error(v, prefix + "attention." + key, "an option is a scalar or a list of scalars"),
            };
            if (key == "name") name = value; else options[key] = value;
        }
        if (string.IsNullOrWhiteSpace(name)) throw ctx.Error(m, prefix + "attention.name", "required");
        return (name, options);
    }

    private sealed class Context(string path)
    {
        public PaperFormatException Error(YamlNode at, string field, string message) =>
            new($"{path}:{at.Start.Line}:{at.Start.Column}: {field}: {message}");

        public YamlNode? Child(YamlMappingNode m, string key) =>
            m.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

        public YamlMappingNode Mapping(YamlNode node, string field) =>
            node as YamlMappingNode ?? throw Error(node, field, "must be a mapping");

        public void CheckFields(YamlMappingNode m, string[] allowed, string prefix)
        {
            foreach (var key in m.Children.Keys)
            {
                var name = (key as YamlScalarNode)?.Value ?? "?";
                if (!allowed.Contains(name))
                    throw Error(key, prefix + name, $"unknown field; allowed: {string.Join(", ", allowed)}");
            }
        }

        public string? String(YamlMappingNode m, string key, string prefix) => Child(m, key) switch
        {
            null => null,
            YamlScalarNode s => s.Value,
            var other => throw Error(other, prefix + key, "must be a text value"),
        };

        public PublishedNumber? Number(YamlMappingNode m, string key, string prefix)
        {
            if (Child(m, key) is not { } node) return null;
            if (node is YamlScalarNode s && s.Value is { } text &&
                double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                return PublishedNumber.Parse(text.Trim());
            throw Error(node, prefix + key, "must be a number as printed in the paper (e.g. 25.56)");
        }

        public double? Double(YamlMappingNode m, string key, string prefix) => Number(m, key, prefix)?.Value;

        public long? Long(YamlMappingNode m, string key, string prefix) =>
            Child(m, key) is { } node ? ParseLong(node, prefix + key) : null;

        public long ParseLong(YamlNode node, string field) =>
            node is YamlScalarNode s && long.TryParse(s.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
                ? v : throw Error(node, field, "must be a whole number");
    }
}
