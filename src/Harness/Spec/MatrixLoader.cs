using System.Globalization;
using Ablation.Experiments.Detectors;
using Ablation.Experiments.Training;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ablation.Harness.Spec;

/// <summary>
/// Reads a matrix YAML file (and the files it <c>extends:</c>) into a <see cref="MatrixSpec"/>, collecting every
/// problem of shape or type with its line and column (YamlDotNet's node marks) instead of stopping at the first.
/// Names (backbones, modules, data sets) are checked later by the validators, which know the catalog.
/// </summary>
public static partial class MatrixLoader
{
    private static readonly string[] TopLevelKeys =
        ["name", "description", "extends", "dataset", "axes", "zip", "include", "exclude", "recipe", "baseline", "paper", "executor",
         AxisNames.Backbone, AxisNames.Attention, AxisNames.Placement, AxisNames.Stages, AxisNames.Seed, AxisNames.Stem, AxisNames.Width];

    /// <summary>Loads a matrix; throws <see cref="SpecException"/> with every error found.</summary>
    public static MatrixSpec Load(string path)
    {
        var errors = new List<SpecError>();
        var spec = Load(path, errors);
        if (errors.Count > 0 || spec is null) throw new SpecException(errors);
        return spec;
    }

    /// <summary>Loads a matrix, adding problems to <paramref name="errors"/>; null when nothing usable could be read.</summary>
    public static MatrixSpec? Load(string path, List<SpecError> errors)
    {
        var layers = new List<Layer>();
        if (!LoadLayers(path, layers, errors, new HashSet<string>(), null)) return null;
        return new Parser(layers, errors).Parse();
    }

    /// <summary>One file of an <c>extends:</c> chain: its root mapping and the name to print in errors.</summary>
    private sealed record Layer(YamlMappingNode Root, string File);

    private static bool LoadLayers(string path, List<Layer> layers, List<SpecError> errors, HashSet<string> seen, SourceMark? from)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            errors.Add(from is { } m
                ? new SpecError(m, "extends", path, "does not exist")
                : new SpecError(SourceMark.None(path), "file", path, "does not exist"));
            return false;
        }
        if (!seen.Add(full))
        {
            errors.Add(new SpecError(from ?? SourceMark.None(path), "extends", path, "extends itself (a cycle); allowed: a chain of files without cycles"));
            return false;
        }
        var display = from is null ? path : Path.GetRelativePath(Environment.CurrentDirectory, full);
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(full);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            errors.Add(new SpecError(new SourceMark(display, e.Start.Line, e.Start.Column), "yaml", null,
                "is not valid YAML: " + (e.InnerException?.Message ?? e.Message).Split('\n')[0]));
            return false;
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            errors.Add(new SpecError(SourceMark.None(display), "file", null, "must be a YAML mapping (name:, dataset:, axes:, recipe:, ...)"));
            return false;
        }
        if (root.Children.TryGetValue(new YamlScalarNode("extends"), out var ext))
        {
            if (ext is YamlScalarNode { Value: { } basePath })
            {
                var resolved = Path.Combine(Path.GetDirectoryName(full)!, basePath);
                if (!LoadLayers(resolved, layers, errors, seen, Mark(display, ext))) return false;
            }
            else errors.Add(new SpecError(Mark(display, ext), "extends", null, "must be a file path (relative to this file)"));
        }
        layers.Add(new Layer(root, display));
        return true;
    }

    internal static SourceMark Mark(string file, YamlNode node) => new(file, node.Start.Line, node.Start.Column);

    /// <summary>A node of some layer, remembered with its file for error marks.</summary>
    private readonly record struct Located(YamlNode Node, string File, int Layer)
    {
        public SourceMark Mark => MatrixLoader.Mark(File, Node);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex NamePattern();

    private sealed class Parser(List<Layer> layers, List<SpecError> errors)
    {
        private Layer Leaf => layers[^1];

        public MatrixSpec? Parse()
        {
            // Top-level keys: the leaf-most file wins; recipe and axes merge key by key.
            var top = new Dictionary<string, Located>();
            var recipeNodes = new Dictionary<string, (Located Key, Located Value)>();
            var axisNodes = new Dictionary<string, (Located Key, Located Value)>();
            for (int i = 0; i < layers.Count; i++)
            {
                var (root, file) = layers[i];
                foreach (var (k, v) in root.Children)
                {
                    var key = (k as YamlScalarNode)?.Value ?? "";
                    if (!TopLevelKeys.Contains(key))
                    {
                        errors.Add(new SpecError(Mark(file, k), "key", key, $"is not a matrix field; allowed: {string.Join(", ", TopLevelKeys)}"));
                        continue;
                    }
                    if (key == "recipe") MergeMapping(v, file, i, "recipe", recipeNodes);
                    else if (key == "axes") MergeMapping(v, file, i, "axes", axisNodes);
                    else if (key == "name" && i != layers.Count - 1) continue; // a base file does not name the derived experiment
                    else top[key] = new Located(v, file, i);
                }
            }

            var name = Path.GetFileNameWithoutExtension(Leaf.File);
            var nameMark = SourceMark.None(Leaf.File);
            if (top.TryGetValue("name", out var nameNode))
            {
                nameMark = nameNode.Mark;
                if (nameNode.Node is YamlScalarNode { Value: { } n } && NamePattern().IsMatch(n)) name = n;
                else errors.Add(new SpecError(nameNode.Mark, "name", Text(nameNode.Node), "is not allowed; allowed: letters, digits, '.', '_', '-' (it names the results folder)"));
            }

            // Axes: under axes:, or fixed at top level (a one-value axis); the leaf-most definition wins.
            var chosen = new Dictionary<string, (Located Node, bool Fixed, SourceMark KeyMark)>();
            foreach (var (axisName, (keyNode, valueNode)) in axisNodes)
            {
                if (!AxisNames.IsKnown(axisName))
                {
                    errors.Add(new SpecError(keyNode.Mark, "axes", axisName, $"is not an axis; allowed: {AxisNames.Allowed}"));
                    continue;
                }
                chosen[axisName] = (valueNode, false, keyNode.Mark);
            }
            foreach (var axisName in AxisNames.All)
            {
                if (!top.TryGetValue(axisName, out var node)) continue;
                if (chosen.TryGetValue(axisName, out var other))
                {
                    if (other.Node.Layer == node.Layer)
                    {
                        errors.Add(new SpecError(node.Mark, axisName, null, "is given both at top level and under axes:; allowed: one of them"));
                        continue;
                    }
                    if (other.Node.Layer > node.Layer) continue;
                }
                chosen[axisName] = (node, true, node.Mark);
            }

            var zipGroups = ParseZip(Opt(top, "zip"));
            var zipped = zipGroups.SelectMany(g => g).Select(a => a.Name).ToHashSet();

            var axes = new List<Axis>();
            foreach (var (axisName, (node, isFixed, keyMark)) in chosen)
            {
                if (zipped.Contains(axisName))
                {
                    errors.Add(new SpecError(keyMark, axisName, null, "is both an axis and in zip:; allowed: one of them"));
                    continue;
                }
                var values = ParseAxisValues(axisName, node);
                if (values.Count > 0) axes.Add(new Axis(axisName, values, keyMark));
            }
            // Required axes and defaults.
            foreach (var required in new[] { AxisNames.Backbone, AxisNames.Attention, AxisNames.Dataset })
                if (!chosen.ContainsKey(required) && !zipped.Contains(required))
                    errors.Add(new SpecError(SourceMark.None(Leaf.File), required, null, "is missing; give it at top level or under axes:"));
            if (!chosen.ContainsKey(AxisNames.Seed) && !zipped.Contains(AxisNames.Seed))
                axes.Add(new Axis(AxisNames.Seed, [new AxisValue(AxisNames.Seed, 0L, "0", SourceMark.None(Leaf.File))], SourceMark.None(Leaf.File)));
            if (!chosen.ContainsKey(AxisNames.Placement) && !zipped.Contains(AxisNames.Placement))
                axes.Add(new Axis(AxisNames.Placement, [new AxisValue(AxisNames.Placement, "block", "block", SourceMark.None(Leaf.File))], SourceMark.None(Leaf.File)));
            // A stable, readable axis order: model axes, dataset, seed, then recipe axes as written.
            axes = axes.OrderBy(a => AxisNames.All.Contains(a.Name) ? AxisNames.All.ToList().IndexOf(a.Name) : 100).ToList();

            var (preset, presetMark, recipeSettings) = ParseRecipe(recipeNodes);
            var include = ParseRules("include", Opt(top, "include"));
            var exclude = ParseRules("exclude", Opt(top, "exclude"));
            var baseline = new Dictionary<string, AxisValue>();
            if (top.TryGetValue("baseline", out var baselineNode))
            {
                if (ParseRule("baseline", baselineNode.Node, baselineNode.File) is { } rule) baseline = rule.Values.ToDictionary();
            }
            string? paper = null;
            if (top.TryGetValue("paper", out var paperNode))
            {
                if (paperNode.Node is YamlScalarNode { Value: { Length: > 0 } p })
                {
                    var resolved = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(paperNode.File))!, p);
                    if (File.Exists(resolved)) paper = resolved;
                    else errors.Add(new SpecError(paperNode.Mark, "paper", p, "does not exist; allowed: a path to a paper-results YAML file, relative to this file"));
                }
                else errors.Add(new SpecError(paperNode.Mark, "paper", Text(paperNode.Node), "must be a file path"));
            }

            return new MatrixSpec
            {
                File = Leaf.File, Name = name, NameMark = nameMark, Axes = axes, ZipGroups = zipGroups,
                Include = include, Exclude = exclude, Preset = preset, PresetMark = presetMark,
                RecipeSettings = recipeSettings, Baseline = baseline, Paper = paper,
                Executor = ParseExecutor(Opt(top, "executor")),
            };
        }

        /// <summary><c>executor: { type: slurm, partition: gpu, sbatch_args: [...] }</c>: fields as written; values are checked by the executor validator.</summary>
        private List<ExecutorSetting> ParseExecutor(Located? node)
        {
            var settings = new List<ExecutorSetting>();
            if (node is not { } located) return settings;
            if (located.Node is not YamlMappingNode map)
            {
                errors.Add(new SpecError(located.Mark, "executor", Text(located.Node), "must be a mapping (type: slurm, partition: ..., ...)"));
                return settings;
            }
            foreach (var (k, v) in map.Children)
            {
                var key = (k as YamlScalarNode)?.Value ?? "";
                var (items, isList) = Scalars(v);
                if (items is null) errors.Add(new SpecError(Mark(located.File, v), $"executor.{key}", Text(v), "must be a value or a list of values"));
                else settings.Add(new ExecutorSetting(key, items, isList, Mark(located.File, v)));
            }
            return settings;
        }

        private static Located? Opt(Dictionary<string, Located> top, string key) => top.TryGetValue(key, out var v) ? v : null;

        private void MergeMapping(YamlNode node, string file, int layer, string field, Dictionary<string, (Located, Located)> into)
        {
            if (node is not YamlMappingNode map)
            {
                errors.Add(new SpecError(Mark(file, node), field, Text(node), "must be a mapping (field: value, ...)"));
                return;
            }
            foreach (var (k, v) in map.Children)
                into[(k as YamlScalarNode)?.Value ?? ""] = (new Located(k, file, layer), new Located(v, file, layer));
        }

        /// <summary>
        /// The values of an axis: a list is several values, a scalar one value. For axes whose single value is
        /// itself a list (stages, augment) a list of scalars is one value and a list of lists several.
        /// </summary>
        private List<AxisValue> ParseAxisValues(string axis, Located node)
        {
            bool listValued = AxisNames.IsListValued(axis);
            bool several = node.Node is YamlSequenceNode seq && (!listValued || seq.Children.All(c => c is YamlSequenceNode));
            if (several) return ParseList(axis, node);
            var v = ParseValue(axis, node.Node, node.File);
            return v is null ? [] : [v];
        }

        private List<AxisValue> ParseList(string axis, Located node)
        {
            var seq = (YamlSequenceNode)node.Node;
            if (seq.Children.Count == 0)
            {
                errors.Add(new SpecError(node.Mark, axis, "[]", "is empty; allowed: a list of one or more values"));
                return [];
            }
            var values = new List<AxisValue>();
            foreach (var child in seq.Children)
                if (ParseValue(axis, child, node.File) is { } v)
                {
                    if (values.Any(x => x.Key == v.Key))
                        errors.Add(new SpecError(v.Mark, axis, v.Key, "is listed twice; allowed: each value once"));
                    else values.Add(v);
                }
            return values;
        }

        private List<IReadOnlyList<Axis>> ParseZip(Located? zip)
        {
            var groups = new List<IReadOnlyList<Axis>>();
            if (zip is not { } z) return groups;
            var maps = z.Node switch
            {
                YamlMappingNode m => [m],
                YamlSequenceNode s when s.Children.All(c => c is YamlMappingNode) => s.Children.Cast<YamlMappingNode>().ToList(),
                _ => null,
            };
            if (maps is null)
            {
                errors.Add(new SpecError(z.Mark, "zip", Text(z.Node), "must be a mapping of axes with lists of equal length (or a list of such mappings)"));
                return groups;
            }
            var seen = new HashSet<string>();
            foreach (var map in maps)
            {
                var group = new List<Axis>();
                foreach (var (k, v) in map.Children)
                {
                    var name = (k as YamlScalarNode)?.Value ?? "";
                    var keyMark = Mark(z.File, k);
                    if (!AxisNames.IsKnown(name)) { errors.Add(new SpecError(keyMark, "zip", name, $"is not an axis; allowed: {AxisNames.Allowed}")); continue; }
                    if (!seen.Add(name)) { errors.Add(new SpecError(keyMark, "zip", name, "appears in two zip groups; allowed: each axis in one group")); continue; }
                    if (v is not YamlSequenceNode)
                    {
                        errors.Add(new SpecError(Mark(z.File, v), $"zip.{name}", Text(v), "must be a list (zip pairs the i-th values of its axes)"));
                        continue;
                    }
                    var values = ParseAxisValues(name, new Located(v, z.File, z.Layer));
                    if (values.Count > 0) group.Add(new Axis(name, values, keyMark));
                }
                if (group.Select(a => a.Values.Count).Distinct().Count() > 1)
                {
                    errors.Add(new SpecError(Mark(z.File, map), "zip", string.Join(", ", group.Select(a => $"{a.Name}: {a.Values.Count}")),
                        "lists differ in length; allowed: lists of equal length (the i-th values go together)"));
                    continue;
                }
                if (group.Count > 0) groups.Add(group);
            }
            return groups;
        }

        private List<AxisRule> ParseRules(string field, Located? node)
        {
            var rules = new List<AxisRule>();
            if (node is not { } n) return rules;
            if (n.Node is not YamlSequenceNode seq)
            {
                errors.Add(new SpecError(n.Mark, field, Text(n.Node), "must be a list of mappings ({axis: value, ...})"));
                return rules;
            }
            foreach (var child in seq.Children)
                if (ParseRule(field, child, n.File) is { } rule) rules.Add(rule);
            return rules;
        }

        private AxisRule? ParseRule(string field, YamlNode node, string file)
        {
            if (node is not YamlMappingNode map || map.Children.Count == 0)
            {
                errors.Add(new SpecError(Mark(file, node), field, Text(node), "must be a mapping of axis values ({attention: bam, placement: stage})"));
                return null;
            }
            var values = new Dictionary<string, AxisValue>();
            foreach (var (k, v) in map.Children)
            {
                var axis = (k as YamlScalarNode)?.Value ?? "";
                if (!AxisNames.IsKnown(axis)) { errors.Add(new SpecError(Mark(file, k), field, axis, $"is not an axis; allowed: {AxisNames.Allowed}")); continue; }
                if (ParseValue(axis, v, file) is { } value) values[axis] = value;
            }
            return values.Count == 0 ? null : new AxisRule(values, Mark(file, node));
        }

        private (string? Preset, SourceMark PresetMark, List<RecipeSetting> Settings) ParseRecipe(Dictionary<string, (Located Key, Located Value)> nodes)
        {
            string? preset = null;
            var presetMark = SourceMark.None(Leaf.File);
            if (nodes.TryGetValue("preset", out var p))
            {
                preset = (p.Value.Node as YamlScalarNode)?.Value ?? MatrixLoader.Text(p.Value.Node);
                presetMark = p.Value.Mark;
                if (!MatrixRecipe.Presets.Contains(preset))
                    errors.Add(new SpecError(presetMark, "recipe.preset", preset, $"is not a preset; allowed: {string.Join(", ", MatrixRecipe.Presets)}"));
            }
            var settings = new List<RecipeSetting>();
            foreach (var (key, (keyNode, valueNode)) in nodes)
            {
                if (key == "preset") continue;
                if (!AxisNames.IsRecipeField(key))
                {
                    errors.Add(new SpecError(keyNode.Mark, "recipe", key, $"is not a recipe field; allowed: preset, {string.Join(", ", MatrixRecipe.FieldNames)}"));
                    continue;
                }
                if (RecipeText(valueNode.Node) is { } text) settings.Add(new RecipeSetting(key, text, valueNode.Mark));
                else errors.Add(new SpecError(valueNode.Mark, $"recipe.{key}", MatrixLoader.Text(valueNode.Node), "must be a value or a list of values"));
            }
            return (preset, presetMark, settings);
        }

        /// <summary>A recipe value as the text <see cref="Recipe.Set"/> reads (lists joined with commas).</summary>
        private static string? RecipeText(YamlNode node) => Scalars(node) is ({ } items, _) ? string.Join(",", items) : null;

        /// <summary>One axis value from its YAML node; null (with an error) if its shape or type is wrong.</summary>
        private AxisValue? ParseValue(string axis, YamlNode node, string file)
        {
            var mark = Mark(file, node);
            switch (axis)
            {
                case AxisNames.Placement:
                    return ParsePlacement(node, file);
                case AxisNames.Backbone or AxisNames.Stem:
                    if (node is YamlScalarNode { Value: { Length: > 0 } s }) return new AxisValue(axis, s, s, mark);
                    errors.Add(new SpecError(mark, axis, Text(node), "must be a name"));
                    return null;
                case AxisNames.Seed:
                    if (node is YamlScalarNode { Value: { } seedText } && long.TryParse(seedText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) && seed >= 0)
                        return new AxisValue(axis, seed, seed.ToString(CultureInfo.InvariantCulture), mark);
                    errors.Add(new SpecError(mark, axis, Text(node), "is not allowed; allowed: an integer >= 0"));
                    return null;
                case AxisNames.Width:
                    if (node is YamlScalarNode { Value: { } widthText } && double.TryParse(widthText, NumberStyles.Float, CultureInfo.InvariantCulture, out var width) && width > 0 && double.IsFinite(width))
                        return new AxisValue(axis, width, width.ToString("R", CultureInfo.InvariantCulture), mark);
                    errors.Add(new SpecError(mark, axis, Text(node), "is not allowed; allowed: a number > 0 (channel multiplier)"));
                    return null;
                case AxisNames.Stages:
                    if (node is YamlSequenceNode stagesNode && stagesNode.Children.Count > 0 && stagesNode.Children.All(c => c is YamlScalarNode sc && int.TryParse(sc.Value, out var st) && st >= 1))
                    {
                        var stages = stagesNode.Children.Select(c => int.Parse(((YamlScalarNode)c).Value!, CultureInfo.InvariantCulture)).Distinct().Order().ToArray();
                        return new AxisValue(axis, stages, "[" + string.Join(",", stages) + "]", mark);
                    }
                    errors.Add(new SpecError(mark, axis, Text(node), "is not allowed; allowed: a list of stage numbers >= 1, e.g. [2, 3, 4]"));
                    return null;
                case AxisNames.Attention:
                case AxisNames.Dataset:
                    return ParseNamedWithOptions(axis, node, file);
                default:
                    // A recipe field: kept as text here, checked against the trainer's Recipe by RecipeValidator.
                    if (RecipeText(node) is { } text) return new AxisValue(axis, new RecipeValue(text), text, mark);
                    errors.Add(new SpecError(mark, axis, Text(node), "must be a value or a list of values"));
                    return null;
            }
        }

        /// <summary>
        /// A placement: a name (<c>block</c>, <c>head-in</c>, ...; checked by the names validator), or a detector's
        /// <c>{after: [4, 6]}</c> (also written <c>after:4,6</c>, as on the CLI). The value is the canonical text
        /// (<see cref="DetectorPlacement"/>: <c>after:[4,6]</c>, indices sorted), so <c>[6, 4]</c> and <c>[4, 6]</c>
        /// are one value and one run. Whether the backbone takes it is checked per run (AfterPlacementValidator).
        /// </summary>
        private AxisValue? ParsePlacement(YamlNode node, string file)
        {
            var mark = Mark(file, node);
            const string Allowed = "allowed: a placement name or {after: [i, ...]} (YOLOv5 layer indices)";
            switch (node)
            {
                case YamlScalarNode { Value: { Length: > 0 } s } when DetectorPlacement.IsAfter(s):
                    try
                    {
                        var canonical = DetectorPlacement.Parse(s).ToString();
                        return new AxisValue(AxisNames.Placement, canonical, canonical, mark);
                    }
                    catch (ArgumentException)
                    {
                        errors.Add(new SpecError(mark, AxisNames.Placement, s, "is not allowed; allowed: after:i,j,... or {after: [i, j, ...]} with YOLOv5 layer indices, each once"));
                        return null;
                    }
                case YamlScalarNode { Value: { Length: > 0 } s }:
                    return new AxisValue(AxisNames.Placement, s, s, mark);
                case YamlMappingNode map:
                {
                    YamlNode? layersNode = null;
                    foreach (var (k, v) in map.Children)
                    {
                        var key = (k as YamlScalarNode)?.Value ?? "";
                        if (key == DetectorPlacement.After) layersNode = v;
                        else errors.Add(new SpecError(Mark(file, k), AxisNames.Placement, key, "is not a placement field; allowed: after (as in {after: [4, 6]})"));
                    }
                    if (layersNode is null)
                    {
                        if (map.Children.Count == 0) errors.Add(new SpecError(mark, AxisNames.Placement, Text(node), Allowed));
                        return null;
                    }
                    return ParseAfterLayers(layersNode, file, mark);
                }
                default:
                    errors.Add(new SpecError(mark, AxisNames.Placement, Text(node), "must be a name; " + Allowed));
                    return null;
            }
        }

        /// <summary>The list of <c>{after: [...]}</c>: integers, at least one, each once; every bad element an error at its own mark.</summary>
        private AxisValue? ParseAfterLayers(YamlNode node, string file, SourceMark mark)
        {
            const string Field = "placement.after";
            if (node is not YamlSequenceNode seq)
            {
                errors.Add(new SpecError(Mark(file, node), Field, Text(node), "must be a list of layer indices; allowed: [i, ...] as in {after: [8]}"));
                return null;
            }
            if (seq.Children.Count == 0)
            {
                errors.Add(new SpecError(Mark(file, node), Field, "[]", "is empty; allowed: one or more YOLOv5 layer indices, as in {after: [4, 6]}"));
                return null;
            }
            var layers = new List<int>();
            bool ok = true;
            foreach (var child in seq.Children)
            {
                if (child is YamlScalarNode { Value: { } t } && int.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i))
                {
                    if (layers.Contains(i))
                    {
                        errors.Add(new SpecError(Mark(file, child), Field, t, "is listed twice; allowed: each layer index once"));
                        ok = false;
                    }
                    else layers.Add(i);
                }
                else
                {
                    errors.Add(new SpecError(Mark(file, child), Field, Text(child), $"is not a layer index; allowed: integers, the YOLOv5 base yaml's layer indices (0 to {Ablation.Experiments.Detectors.YoloV5.YoloV5Model.LastAttendableLayer})"));
                    ok = false;
                }
            }
            if (!ok) return null;
            var canonical = DetectorPlacement.OfLayers(layers).ToString();
            return new AxisValue(AxisNames.Placement, canonical, canonical, mark);
        }

        /// <summary><c>se</c> or <c>{name: se, reduction: 8}</c>; option values are scalars or lists of scalars.</summary>
        private AxisValue? ParseNamedWithOptions(string axis, YamlNode node, string file)
        {
            var mark = Mark(file, node);
            string? name = null;
            var options = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (node is YamlScalarNode { Value: { Length: > 0 } s }) name = s;
            else if (node is YamlMappingNode map)
            {
                foreach (var (k, v) in map.Children)
                {
                    var key = (k as YamlScalarNode)?.Value ?? "";
                    var (items, _) = Scalars(v);
                    if (items is null) { errors.Add(new SpecError(Mark(file, v), $"{axis}.{key}", Text(v), "must be a value or a list of values")); return null; }
                    if (key == "name") name = items.Count == 1 ? items[0] : null;
                    else options[key] = string.Join(",", items);
                }
                if (name is null) { errors.Add(new SpecError(mark, axis, Text(node), "has no name; allowed: {name: <module>, <option>: <value>, ...}")); return null; }
            }
            else
            {
                errors.Add(new SpecError(mark, axis, Text(node), "must be a name or {name: ..., <option>: ...}"));
                return null;
            }
            object value = axis == AxisNames.Attention ? new AttentionChoice(name, options) : new DatasetChoice(name, options);
            return new AxisValue(axis, value, value.ToString()!, mark);
        }

        private static (List<string>? Items, bool IsList) Scalars(YamlNode node) => node switch
        {
            YamlScalarNode s => ([s.Value ?? ""], false),
            YamlSequenceNode seq when seq.Children.All(c => c is YamlScalarNode) => (seq.Children.Select(c => ((YamlScalarNode)c).Value ?? "").ToList(), true),
            _ => (null, false),
        };
    }

    /// <summary>A node as a user would recognise it in an error line (flow style, one line).</summary>
    internal static string Text(YamlNode node) => node switch
    {
        YamlScalarNode s => s.Value ?? "",
        YamlSequenceNode seq => "[" + string.Join(", ", seq.Children.Select(Text)) + "]",
        YamlMappingNode map => "{" + string.Join(", ", map.Children.Select(kv => $"{Text(kv.Key)}: {Text(kv.Value)}")) + "}",
        _ => node.ToString(),
    };
}
