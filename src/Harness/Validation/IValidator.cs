using Ablation.Harness.Catalog;
using Ablation.Harness.Spec;

namespace Ablation.Harness.Validation;

/// <summary>
/// What validators look at: the matrix, its expanded runs, the model catalog. Validators may leave results for
/// later steps (the profile of each run, so <c>ablate plan</c> does not profile twice).
/// </summary>
public sealed class ValidationContext(MatrixSpec spec, IReadOnlyList<PlannedRun> runs, IModelCatalog catalog)
{
    public MatrixSpec Spec { get; } = spec;
    public IReadOnlyList<PlannedRun> Runs { get; } = runs;
    public IModelCatalog Catalog { get; } = catalog;

    /// <summary>Data sets (<see cref="DatasetValidator.Key"/>) found unusable, so later validators do not report them again.</summary>
    public HashSet<string> UnusableDatasets { get; } = new();

    /// <summary>Runs a validator rejected for a problem it reported, so later validators (the model build) skip them.</summary>
    public HashSet<string> RejectedRuns { get; } = new();

    /// <summary>Params and MACs per run id, filled by <see cref="ModelValidator"/>.</summary>
    public Dictionary<string, ModelCost> Costs { get; } = new();
}

/// <summary>
/// One check of a matrix before anything runs (BenchmarkDotNet's IValidator idea): small, composable, each
/// returning all the problems it finds as one-line errors.
/// </summary>
public interface IValidator
{
    IEnumerable<SpecError> Validate(ValidationContext context);
}

/// <summary>Runs several validators and returns every error of all of them, in order, without duplicates.</summary>
public sealed class CompositeValidator(params IValidator[] validators) : IValidator
{
    public IReadOnlyList<IValidator> Validators { get; } = validators;

    public IEnumerable<SpecError> Validate(ValidationContext context) =>
        Validators.SelectMany(v => v.Validate(context)).Distinct();
}
