using Ablation.Harness.Catalog;
using Ablation.Harness.Validation;

namespace Ablation.Harness.Spec;

/// <summary>
/// A matrix read, expanded and validated: what `ablate plan` shows and `ablate run` schedules. Loading
/// collects the loader's and every validator's errors and throws them together.
/// </summary>
public sealed record MatrixPlan(MatrixSpec Spec, IReadOnlyList<PlannedRun> Runs, IReadOnlyDictionary<string, ModelCost> Costs)
{
    public static MatrixPlan Load(string path, IModelCatalog catalog, IValidator? validator = null)
    {
        var errors = new List<SpecError>();
        var spec = MatrixLoader.Load(path, errors);
        if (spec is null) throw new SpecException(errors);
        var runs = MatrixExpander.Expand(spec, catalog);
        var context = new ValidationContext(spec, runs, catalog);
        errors.AddRange((validator ?? MatrixValidators.Default()).Validate(context));
        // Sorted as they appear in the files, so a user fixes them top to bottom.
        if (errors.Count > 0)
            throw new SpecException(errors.Distinct().OrderBy(e => e.Mark.File, StringComparer.Ordinal)
                .ThenBy(e => e.Mark.Line).ThenBy(e => e.Mark.Column).ToList());
        return new MatrixPlan(spec, runs, context.Costs);
    }
}
