using System.Text.Json.Nodes;
using Ablation.Experiments.Training;
using Ablation.Harness.Catalog;
using Ablation.Harness.Runs;

namespace Ablation.Harness.Spec;

/// <summary>
/// Turns a matrix into runs: the Cartesian product of the axes (each zip group counting as one axis whose
/// rows vary together), minus the cells an <c>exclude:</c> rule matches, plus the cells of each
/// <c>include:</c> rule (an include names some axes and spans the others). Each cell resolves to a
/// <see cref="RunSpec"/>; the baseline (<c>attention: none</c>) drops placement, stages and options, and cells
/// with the same resolved spec collapse into one run, so <c>none</c> is one run per backbone, data set and seed.
/// </summary>
public static class MatrixExpander
{
    private const string NoAttention = "none";

    /// <summary>The runs in matrix order (first occurrence wins); <paramref name="catalog"/> fills attention option defaults.</summary>
    public static IReadOnlyList<PlannedRun> Expand(MatrixSpec spec, IModelCatalog? catalog)
    {
        var groups = Groups(spec);
        var shared = RecipeResolver.Shared(spec);
        var cells = Product(groups).Where(c => !spec.Exclude.Any(r => Matches(r, c, shared))).ToList();
        foreach (var rule in spec.Include) cells.AddRange(IncludeCells(rule, groups));

        var runs = new List<PlannedRun>();
        var index = new Dictionary<string, int>();
        foreach (var cell in cells)
        {
            var run = Resolve(spec, shared, cell, catalog);
            if (index.TryGetValue(run.RunId, out var at)) runs[at] = runs[at] with { Cells = runs[at].Cells + 1 };
            else
            {
                index[run.RunId] = runs.Count;
                runs.Add(new PlannedRun(run, cell));
            }
        }
        return runs;
    }

    /// <summary>Each product axis as a group of one-axis rows; each zip group as a group of its rows.</summary>
    private static List<List<Dictionary<string, AxisValue>>> Groups(MatrixSpec spec)
    {
        var groups = spec.Axes.Select(a => a.Values.Select(v => new Dictionary<string, AxisValue> { [a.Name] = v }).ToList()).ToList();
        foreach (var zip in spec.ZipGroups)
            groups.Add(Enumerable.Range(0, zip[0].Values.Count).Select(i => zip.ToDictionary(a => a.Name, a => a.Values[i])).ToList());
        return groups;
    }

    private static IEnumerable<Dictionary<string, AxisValue>> Product(List<List<Dictionary<string, AxisValue>>> groups)
    {
        IEnumerable<Dictionary<string, AxisValue>> cells = [new Dictionary<string, AxisValue>()];
        foreach (var group in groups)
            cells = cells.SelectMany(c => group.Select(row => c.Concat(row).ToDictionary()));
        return cells;
    }

    /// <summary>An include rule's cells: its values, spanning every group it does not pin down.</summary>
    private static IEnumerable<Dictionary<string, AxisValue>> IncludeCells(AxisRule rule, List<List<Dictionary<string, AxisValue>>> groups)
    {
        var narrowed = new List<List<Dictionary<string, AxisValue>>>();
        foreach (var group in groups)
        {
            var axes = group[0].Keys.ToList();
            var pinned = axes.Where(rule.Values.ContainsKey).ToList();
            if (pinned.Count == 0) { narrowed.Add(group); continue; }
            // Rows of a zip group that agree with the rule keep their other members; else only the rule's values.
            var rows = group.Where(row => pinned.All(a => Same(rule.Values[a], row[a]))).ToList();
            narrowed.Add(rows.Count > 0 ? rows : [new Dictionary<string, AxisValue>()]);
        }
        return Product(narrowed).Select(c =>
        {
            foreach (var (axis, value) in rule.Values) c[axis] = value;
            return c;
        });
    }

    /// <summary>Whether a cell matches every value of a rule (axes the matrix does not vary compare with the fixed recipe).</summary>
    internal static bool Matches(AxisRule rule, IReadOnlyDictionary<string, AxisValue> cell, MatrixRecipe shared) =>
        rule.Values.All(kv => cell.TryGetValue(kv.Key, out var v)
            ? Same(kv.Value, v)
            : kv.Value.Value is RecipeValue r && RecipeResolver.TrySet(shared, kv.Key, r.Text, out var set, out _)
              && JsonNode.DeepEquals(RecipeResolver.Field(set, kv.Key), RecipeResolver.Field(shared, kv.Key)));

    /// <summary>Rule value against cell value; a module or data set named without options matches any options.</summary>
    internal static bool Same(AxisValue rule, AxisValue cell) => (rule.Value, cell.Value) switch
    {
        (AttentionChoice r, AttentionChoice c) => r.Name == c.Name && (r.Options.Count == 0 || r.Key == c.Key),
        (DatasetChoice r, DatasetChoice c) => r.Name == c.Name && (r.Options.Count == 0 || r.Key == c.Key),
        (RecipeValue r, RecipeValue c) => r.Text == c.Text || SameRecipeValue(rule.Axis, r.Text, c.Text, new MatrixRecipe(new Recipe(), null)) || SameRecipeValue(rule.Axis, r.Text, c.Text, new MatrixRecipe(null, new DetectionRecipe())),
        _ => rule.Key == cell.Key,
    };

    /// <summary>Recipe values compare by their parsed form (<c>0.1</c> and <c>1e-1</c> are the same lr).</summary>
    private static bool SameRecipeValue(string field, string a, string b, MatrixRecipe r)
    {
        return RecipeResolver.TrySet(r, field, a, out var ra, out _) && RecipeResolver.TrySet(r, field, b, out var rb, out _)
            && JsonNode.DeepEquals(RecipeResolver.Field(ra, field), RecipeResolver.Field(rb, field));
    }

    /// <summary>A cell as a fully resolved run spec (defaults written out, the baseline normalised).</summary>
    public static RunSpec Resolve(MatrixSpec spec, MatrixRecipe shared, IReadOnlyDictionary<string, AxisValue> cell, IModelCatalog? catalog)
    {
        T? Get<T>(string axis) => cell.TryGetValue(axis, out var v) ? (T)v.Value : default;
        var attention = Get<AttentionChoice>(AxisNames.Attention) ?? new AttentionChoice(NoAttention, new());
        var dataset = Get<DatasetChoice>(AxisNames.Dataset) ?? new DatasetChoice("synthetic", new());
        var options = attention.Options;
        if (catalog is not null)
        {
            try { options = catalog.ResolveAttention(attention.Name, attention.Options); }
            catch (ArgumentException) { /* reported by the attention validator */ }
        }
        // Without a placement axis the loader fills in block (a value written nowhere: line 0); a detector's
        // default is backbone-end, as on the CLI, so a detection matrix without placement does not put a module
        // into every bottleneck.
        var defaultPlacement = shared.IsDetection ? Ablation.Experiments.Detectors.DetectorPlacement.BackboneEnd : "block";
        var placement = cell.TryGetValue(AxisNames.Placement, out var written) && !(written.Mark.Line == 0 && shared.IsDetection)
            ? (string)written.Value
            : defaultPlacement;
        var stages = Get<int[]>(AxisNames.Stages);
        if (attention.Name == NoAttention)
        {
            placement = RunSpec.NoPlacement;
            stages = null;
            options = new SortedDictionary<string, string>(StringComparer.Ordinal);
        }
        return new RunSpec(
            spec.Name,
            Get<string>(AxisNames.Backbone) ?? "",
            attention.Name,
            new SortedDictionary<string, string>(options, StringComparer.Ordinal),
            placement,
            stages,
            Get<string>(AxisNames.Stem),
            cell.TryGetValue(AxisNames.Width, out var w) ? (double)w.Value : 1.0,
            dataset.Name,
            DatasetFiles.Resolve(dataset.Name, dataset.Options),
            cell.TryGetValue(AxisNames.Seed, out var s) ? (long)s.Value : 0,
            RecipeResolver.ToMap(RecipeResolver.ForCell(shared, cell)));
    }
}
