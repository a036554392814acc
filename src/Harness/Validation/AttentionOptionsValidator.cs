using Ablation.Harness.Spec;

namespace Ablation.Harness.Validation;

/// <summary>Each attention module's options against its registry entry (names, types, ranges).</summary>
public sealed class AttentionOptionsValidator : IValidator
{
    public IEnumerable<SpecError> Validate(ValidationContext context)
    {
        foreach (var value in context.Spec.AllValues().Where(v => v.Axis == AxisNames.Attention))
        {
            var choice = (AttentionChoice)value.Value;
            if (!context.Catalog.Attentions.Contains(choice.Name)) continue; // NamesValidator reports it
            string? problem = null;
            try { context.Catalog.ResolveAttention(choice.Name, choice.Options); }
            catch (ArgumentException e) { problem = e.Message; }
            if (problem is not null)
                yield return new SpecError(value.Mark, AxisNames.Attention, choice.Key, $"has a bad option: {problem}");
        }
    }
}
