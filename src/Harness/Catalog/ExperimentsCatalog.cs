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

    public ModelCost Profile(RunSpec run)
    {
        var (p, macs, _) = ModelFactory.Profile(ModelSpecOf(run));
        return new ModelCost(p, macs);
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
