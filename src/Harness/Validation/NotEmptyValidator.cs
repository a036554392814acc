using Ablation.Harness.Spec;

namespace Ablation.Harness.Validation;

/// <summary>A matrix whose rules exclude every cell is a mistake, not an empty success.</summary>
public sealed class NotEmptyValidator : IValidator
{
    public IEnumerable<SpecError> Validate(ValidationContext context)
    {
        if (context.Runs.Count == 0)
            yield return new SpecError(context.Spec.Exclude.FirstOrDefault()?.Mark ?? SourceMark.None(context.Spec.File),
                "exclude", null, "leaves no run; allowed: rules that keep at least one cell");
    }
}
