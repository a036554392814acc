using Ablation.Harness.Spec;

namespace Ablation.Harness.Validation;

/// <summary>The baseline must be a cell the matrix runs, or reports have nothing to compare against.</summary>
public sealed class BaselineValidator : IValidator
{
    public IEnumerable<SpecError> Validate(ValidationContext context)
    {
        foreach (var (axis, value) in context.Spec.Baseline)
        {
            var values = context.Runs.Select(r => r.Cell.GetValueOrDefault(axis)).Where(v => v is not null).ToList();
            if (!values.Any(v => MatrixExpander.Same(value, v!)))
                yield return new SpecError(value.Mark, $"baseline.{axis}", value.Key,
                    $"is not a value any run has; allowed: {string.Join(", ", values.Select(v => v!.Key).Distinct())}");
        }
    }
}
