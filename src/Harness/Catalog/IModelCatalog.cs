using Ablation.Harness.Runs;

namespace Ablation.Harness.Catalog;

/// <summary>
/// A model's size as profiled on the meta device (DESIGN.md section 7); for a detector also its printed layer
/// table with the inserted attention modules (<see cref="Ablation.Experiments.Detectors.LayerTable"/>), which
/// `ablate plan` shows.
/// </summary>
public sealed record ModelCost(long Params, long Macs, string? LayerTable = null);

/// <summary>
/// What the harness needs to know about models: the names it can build, an attention module's options with
/// their defaults filled in (so that <c>se</c> and <c>{name: se, reduction: 16}</c> are one run), and a
/// profile that fails with a one-line <see cref="ArgumentException"/> for an impossible combination.
/// The implementation is <see cref="ExperimentsCatalog"/> over AttentionRegistry and ModelFactory.
/// </summary>
public interface IModelCatalog
{
    IReadOnlyList<string> Backbones { get; }
    IReadOnlyList<string> Attentions { get; }
    IReadOnlyList<string> Placements { get; }

    /// <summary>The options with defaults filled in; throws <see cref="ArgumentException"/> naming a bad option.</summary>
    SortedDictionary<string, string> ResolveAttention(string name, IReadOnlyDictionary<string, string> options);

    /// <summary>Params and MACs of the run's model at its data set's input size; throws <see cref="ArgumentException"/> when impossible.</summary>
    ModelCost Profile(RunSpec run);
}
