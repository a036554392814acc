using Ablation.Reports.Aggregation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ablation.Reports;

/// <summary>
/// The fields of a matrix YAML (DESIGN.md section 5) a report needs: <c>name</c> (the experiment in the
/// store), <c>baseline</c> and <c>paper</c> (resolved against the matrix's folder, then the working
/// directory). Follows <c>extends:</c> for fields the file does not set. Everything else is the harness's.
/// </summary>
public sealed record MatrixHeader(string Path, string Name, BaselineSpec? Baseline, string? PaperPath)
{
    public static MatrixHeader Read(string path) => Read(path, 0);

    private static MatrixHeader Read(string path, int depth)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such matrix file", path);
        if (depth > 8) throw new InvalidDataException($"{path}: extends: chain longer than 8 files (a cycle?)");
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{path}:{e.Start.Line}:{e.Start.Column}: not valid YAML: {e.Message}");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new InvalidDataException($"{path}:1:1: a matrix file is a mapping (name, axes, ...)");
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;

        MatrixHeader? parent = null;
        if (Scalar(root, "extends", path) is { } extends)
            parent = Read(System.IO.Path.Combine(dir, extends), depth + 1);

        var name = Scalar(root, "name", path) ?? parent?.Name ??
                   throw new InvalidDataException($"{path}:1:1: name: required (the experiment's name in the results store)");
        var baseline = Child(root, "baseline") is { } b ? ParseBaseline(b, path) : parent?.Baseline;
        string? paper = Scalar(root, "paper", path) is { } p ? ResolvePaper(p, dir) : parent?.PaperPath;
        return new MatrixHeader(path, name, baseline, paper);
    }

    private static string ResolvePaper(string paper, string dir)
    {
        var beside = System.IO.Path.Combine(dir, paper);
        if (File.Exists(beside)) return beside;
        var fromCwd = System.IO.Path.GetFullPath(paper);
        if (File.Exists(fromCwd)) return fromCwd;
        var underExperiments = System.IO.Path.GetFullPath(System.IO.Path.Combine("experiments", paper));
        return File.Exists(underExperiments) ? underExperiments : beside;
    }

    private static BaselineSpec ParseBaseline(YamlNode node, string path)
    {
        if (node is not YamlMappingNode m)
            throw new InvalidDataException($"{path}:{node.Start.Line}:{node.Start.Column}: baseline: a mapping of axis values, e.g. {{ attention: none }}");
        var fields = new Dictionary<string, string>();
        foreach (var (k, v) in m.Children)
        {
            var key = ((YamlScalarNode)k).Value!;
            if (key is not ("backbone" or "attention" or "placement" or "dataset"))
                continue;   // axes a report does not group by (seed, recipe fields) do not select a baseline
            switch (v)
            {
                case YamlScalarNode s:
                    fields[key] = s.Value ?? "";
                    break;
                case YamlMappingNode opts when key is "attention" or "dataset":
                    var options = new SortedDictionary<string, string>(StringComparer.Ordinal);
                    foreach (var (ok, ov) in opts.Children)
                    {
                        var name = ((YamlScalarNode)ok).Value!;
                        var value = ov is YamlScalarNode sv ? sv.Value ?? ""
                            : ov is YamlSequenceNode seq ? "[" + string.Join(",", seq.Children.OfType<YamlScalarNode>().Select(x => x.Value)) + "]" : "";
                        if (name == "name") fields[key] = value;
                        else if (key == "attention") options[name] = value;
                    }
                    if (key == "attention") fields["attention_options"] = OptionsText.Format(options);
                    break;
                default:
                    throw new InvalidDataException($"{path}:{v.Start.Line}:{v.Start.Column}: baseline.{key}: a value or {{name: ..., options}}");
            }
        }
        return new BaselineSpec(fields);
    }

    private static YamlNode? Child(YamlMappingNode m, string key) =>
        m.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    private static string? Scalar(YamlMappingNode m, string key, string path) => Child(m, key) switch
    {
        null => null,
        YamlScalarNode s => s.Value,
        var other => throw new InvalidDataException($"{path}:{other.Start.Line}:{other.Start.Column}: {key}: must be a text value"),
    };
}
