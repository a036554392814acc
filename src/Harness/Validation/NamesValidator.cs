using Ablation.Experiments.Detectors;
using Ablation.Harness.Spec;

namespace Ablation.Harness.Validation;

/// <summary>Backbone, attention, placement and stem names against the catalog, wherever they are written (a placement <c>{after: [...]}</c> has no name to check).</summary>
public sealed class NamesValidator : IValidator
{
    public static readonly IReadOnlyList<string> Stems = ["imagenet", "cifar"];

    /// <summary>How a detector's layer-index placement is written, for the list of allowed placements.</summary>
    private const string AfterForm = "{after: [i, ...]} (YOLOv5 layer indices)";

    public IEnumerable<SpecError> Validate(ValidationContext context)
    {
        var catalog = context.Catalog;
        foreach (var value in context.Spec.AllValues())
        {
            var (name, allowed, what) = value.Axis switch
            {
                AxisNames.Backbone => ((string)value.Value, catalog.Backbones, "a backbone"),
                // {after: [i, ...]} is checked against each run's backbone by AfterPlacementValidator.
                AxisNames.Placement when DetectorPlacement.IsAfter((string)value.Value) => (null, null, null),
                AxisNames.Placement => ((string)value.Value, catalog.Placements.Append(AfterForm).ToList(), "a placement"),
                AxisNames.Attention => (((AttentionChoice)value.Value).Name, catalog.Attentions, "an attention module"),
                AxisNames.Stem => ((string)value.Value, Stems, "a stem"),
                _ => (null, null, null),
            };
            if (name is not null && !allowed!.Contains(name))
                yield return new SpecError(value.Mark, value.Axis, name, $"is not {what}; allowed: {string.Join(", ", allowed!)}");
        }
    }
}
