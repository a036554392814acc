using Ablation.Experiments.Data;
using Ablation.Experiments.Detectors;
using Ablation.Harness.Spec;

namespace Ablation.Harness.Validation;

/// <summary>
/// Builds every run's model on the meta device (no memory, no compute): an impossible placement, a channel
/// count a module cannot take or an input too small for the backbone fails here, pointing at the cell's line.
/// The profiles are kept in the context for <c>ablate plan</c>.
/// </summary>
public sealed class ModelValidator : IValidator
{
    public IEnumerable<SpecError> Validate(ValidationContext context)
    {
        var catalog = context.Catalog;
        foreach (var run in context.Runs)
        {
            var s = run.Spec;
            // Name problems are reported by the validators before this one.
            if (!catalog.Backbones.Contains(s.Backbone) || !catalog.Attentions.Contains(s.Attention) || !DatasetCatalog.Names.Contains(s.Dataset)
                || (s.Placement != Runs.RunSpec.NoPlacement && !catalog.Placements.Contains(s.Placement) && !DetectorPlacement.IsAfter(s.Placement)))
                continue;
            if (context.RejectedRuns.Contains(s.RunId)) continue;   // reported by an earlier validator
            if (context.UnusableDatasets.Contains(DatasetValidator.Key(s.Dataset, s.DatasetOptions))) continue; // reported once, by DatasetValidator
            try { catalog.ResolveAttention(s.Attention, s.AttentionOptions); }
            catch (ArgumentException) { continue; }   // AttentionOptionsValidator reports it
            string? problem = null;
            try { context.Costs[s.RunId] = catalog.Profile(s); }
            catch (ArgumentException e) { problem = e.Message; }
            catch (Exception e) when (e is not OutOfMemoryException) { problem = e.Message.Split('\n')[0]; }
            if (problem is null) continue;
            var mark = run.MarkOf(context.Spec.File, AxisNames.Stages, AxisNames.Placement, AxisNames.Stem, AxisNames.Width, AxisNames.Attention, AxisNames.Backbone);
            yield return new SpecError(mark, "model", $"{s.Backbone} + {run.AttentionLabel} @ {s.Placement}",
                $"cannot be built on {s.Dataset}: {problem}");
        }
    }
}
