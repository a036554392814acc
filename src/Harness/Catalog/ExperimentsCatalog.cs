using Ablation.Experiments.Attention;
using Ablation.Experiments.Backbones;
using Ablation.Experiments.Data;
using Ablation.Harness.Runs;

namespace Ablation.Harness.Catalog;

/// <summary>
/// The model catalog over the Experiments layer: names from <see cref="BackboneRegistry"/>,
/// <see cref="AttentionRegistry"/> and <see cref="Placement"/>; option defaults from the attention registry;
/// params and MACs from <see cref="ModelFactory.Profile"/> on the meta device.
/// </summary>
public sealed class ExperimentsCatalog : IModelCatalog
{
    public IReadOnlyList<string> Backbones { get; } = BackboneRegistry.Names.ToList();
    public IReadOnlyList<string> Attentions { get; } = AttentionRegistry.Names;
    public IReadOnlyList<string> Placements { get; } = Placement.All.Select(p => p.Name).ToList();

    public SortedDictionary<string, string> ResolveAttention(string name, IReadOnlyDictionary<string, string> options)
    {
        AttentionRegistry.Validate(new AttentionSpec(name, options));
        var resolved = new SortedDictionary<string, string>(options.ToDictionary(), StringComparer.Ordinal);
        foreach (var option in AttentionRegistry.Info(name).Options) resolved.TryAdd(option.Name, option.Default);
        return resolved;
    }

    /// <summary>Profiles by model: runs that differ only in seed or recipe share one (a 1,000-run sweep of 5 models profiles 5 times).</summary>
    private readonly Dictionary<string, ModelCost> _profiles = new();

    public ModelCost Profile(RunSpec run)
    {
        var key = (run with { Seed = 0, Recipe = new SortedDictionary<string, System.Text.Json.Nodes.JsonNode>(StringComparer.Ordinal) }).ToJson().ToJsonString();
        lock (_profiles)
            if (_profiles.TryGetValue(key, out var known)) return known;
        var (p, macs, _) = ModelFactory.Profile(ModelSpecOf(run));
        var cost = new ModelCost(p, macs);
        lock (_profiles) _profiles[key] = cost;
        return cost;
    }

    /// <summary>The backbones layer's spec of a run's model (input shape and classes from its data set).</summary>
    public static ModelSpec ModelSpecOf(RunSpec run)
    {
        var (channels, image, classes) = DatasetCatalog.Shape(DatasetFiles.ForCatalog(DatasetFiles.ToSpec(run.Dataset, run.DatasetOptions)));
        var placement = run.Placement == RunSpec.NoPlacement ? Placement.Block : run.Placement;
        return new ModelSpec(run.Backbone, new AttentionSpec(run.Attention, run.AttentionOptions), placement, run.Stages,
            classes, channels, image, run.Stem, run.Width);
    }
}
