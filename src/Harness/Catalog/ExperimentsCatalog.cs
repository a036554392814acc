using Ablation.Experiments.Attention;
using Ablation.Experiments.Backbones;
using Ablation.Experiments.Data;
using Ablation.Experiments.Detectors;
using Ablation.Harness.Runs;

namespace Ablation.Harness.Catalog;

/// <summary>
/// The model catalog over the Experiments layer: names from <see cref="BackboneRegistry"/>,
/// <see cref="AttentionRegistry"/> and <see cref="Placement"/>; option defaults from the attention registry;
/// params and MACs from <see cref="ModelFactory.Profile"/> on the meta device.
/// </summary>
public sealed class ExperimentsCatalog : IModelCatalog
{
    public IReadOnlyList<string> Backbones { get; } = BackboneRegistry.Names.Concat(DetectorRegistry.Names).ToList();
    public IReadOnlyList<string> Attentions { get; } = AttentionRegistry.Names;
    /// <summary>Backbone placements, then the detector placements (DetectorPlacement) that are not also backbone ones.</summary>
    public IReadOnlyList<string> Placements { get; } = Placement.All.Select(p => p.Name).Union(DetectorPlacement.Names).ToList();

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
        // Detector costs depend on the recipe (img_size): profiled each time, outside the cache.
        if (DetectorRegistry.IsDetector(run.Backbone))
        {
            var (dp, dmacs, _, table) = DetectorFactory.Profile(DetectorSpecOf(run));
            return new ModelCost(dp, dmacs, table);
        }
        var key = (run with { Seed = 0, Recipe = new SortedDictionary<string, System.Text.Json.Nodes.JsonNode>(StringComparer.Ordinal) }).ToJson().ToJsonString();
        lock (_profiles)
            if (_profiles.TryGetValue(key, out var known)) return known;
        var (p, macs, _) = ModelFactory.Profile(ModelSpecOf(run));
        var cost = new ModelCost(p, macs);
        lock (_profiles) _profiles[key] = cost;
        return cost;
    }

    /// <summary>
    /// A detector run's spec: classes from its data set, img_size from its recipe, backbone-end for a baseline.
    /// A backbone placement a detector lacks (e.g. residual) is an ArgumentException naming the allowed ones.
    /// </summary>
    public static DetectorSpec DetectorSpecOf(RunSpec run)
    {
        var data = DatasetFiles.ToSpec(run.Dataset, run.DatasetOptions);
        if (!DatasetCatalog.IsDetection(data.Name))
            throw new ArgumentException($"{run.Backbone} is a detector; its dataset must be one of {string.Join(", ", DatasetCatalog.Names.Where(DatasetCatalog.IsDetection))} (got {data.Name})");
        var placement = run.Placement == RunSpec.NoPlacement ? DetectorPlacement.BackboneEnd : run.Placement;
        long imgSize = run.Recipe.TryGetValue("img_size", out var s) ? s.GetValue<int>() : 640;
        var spec = new DetectorSpec(run.Backbone, new AttentionSpec(run.Attention, run.AttentionOptions), placement,
            Ablation.Experiments.Data.Detection.DetectionDatasets.Classes(DatasetFiles.ForCatalog(data)), imgSize);
        DetectorFactory.Validate(spec);
        return spec;
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
