using YamlDotNet.RepresentationModel;

namespace Ablation.Experiments.Data.Detection;

/// <summary>
/// The data.yaml of an ultralytics-format data set: <c>path</c> (the data set's root; relative to the folder
/// of data.yaml, which it defaults to), <c>train</c> and <c>val</c> (relative to <c>path</c>: a folder of
/// images, or a .txt file listing image paths), <c>names</c> (a list, or a map from 0..n-1 to names) and an
/// optional <c>nc</c> that must equal the number of names. Every problem names data.yaml and the field.
/// </summary>
public sealed record YoloDataYaml(string File, string Root, string Train, string Val, IReadOnlyList<string> Names)
{
    public static YoloDataYaml Read(string file)
    {
        if (!System.IO.File.Exists(file)) throw new DataFormatException(file, "file not found (a YOLO data set's root holds data.yaml)");
        YamlMappingNode map;
        try
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(file)) stream.Load(reader);
            map = stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode m
                ? m : throw new DataFormatException(file, "expected a mapping with path, train, val, names");
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new DataFormatException(file, $"line {e.Start.Line}: not valid YAML: {e.Message.Split('\n')[0]}");
        }
        string? Scalar(string key)
        {
            if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node)) return null;
            return node is YamlScalarNode s ? s.Value : throw new DataFormatException(file, $"line {node.Start.Line}: {key}: expected a path");
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(file))!;
        var path = Scalar("path");
        var root = string.IsNullOrWhiteSpace(path) ? folder : Path.GetFullPath(Path.Combine(folder, path));
        var train = Scalar("train") ?? throw new DataFormatException(file, "train: missing, allowed: a folder of images relative to path (images/train)");
        var val = Scalar("val") ?? throw new DataFormatException(file, "val: missing, allowed: a folder of images relative to path (images/val)");
        var names = ReadNames(file, map);
        if (Scalar("nc") is { } nc && (!int.TryParse(nc, out var n) || n != names.Count))
            throw new DataFormatException(file, $"nc: {nc} but names has {names.Count} entries, allowed: nc equal to the number of names");
        return new YoloDataYaml(file, root, Path.GetFullPath(Path.Combine(root, train)), Path.GetFullPath(Path.Combine(root, val)), names);
    }

    private static IReadOnlyList<string> ReadNames(string file, YamlMappingNode map)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode("names"), out var node))
            throw new DataFormatException(file, "names: missing, allowed: a list of class names or a map {0: name, ...}");
        var at = $"line {node.Start.Line}: names";
        List<string> names;
        switch (node)
        {
            case YamlSequenceNode seq:
                names = seq.Children.Select(c => c is YamlScalarNode s && !string.IsNullOrEmpty(s.Value) ? s.Value!
                    : throw new DataFormatException(file, $"{at}: entries must be names")).ToList();
                break;
            case YamlMappingNode m:
                var byIndex = new SortedDictionary<int, string>();
                foreach (var (k, v) in m.Children)
                {
                    if (k is not YamlScalarNode ks || !int.TryParse(ks.Value, out var index) || index < 0)
                        throw new DataFormatException(file, $"{at}: key '{k}' is not a class index, allowed: 0..n-1");
                    if (v is not YamlScalarNode vs || string.IsNullOrEmpty(vs.Value))
                        throw new DataFormatException(file, $"{at}: class {index} has no name");
                    byIndex[index] = vs.Value!;
                }
                if (byIndex.Keys.Select((k, i) => k != i).Any(x => x))
                    throw new DataFormatException(file, $"{at}: indices {string.Join(", ", byIndex.Keys)}, allowed: 0..n-1 without gaps");
                names = byIndex.Values.ToList();
                break;
            default:
                throw new DataFormatException(file, $"{at}: expected a list or a map of class names");
        }
        if (names.Count == 0) throw new DataFormatException(file, $"{at}: empty, allowed: at least one class");
        return names;
    }
}
