using Ablation.Harness.Slurm;
using Ablation.Harness.Spec;

namespace Ablation.Harness.Validation;

/// <summary>The <c>executor:</c> section: known fields and values Slurm accepts, each error at its line.</summary>
public sealed class ExecutorValidator : IValidator
{
    public IEnumerable<SpecError> Validate(ValidationContext context)
    {
        var errors = new List<SpecError>();
        SlurmResources.FromSettings(context.Spec.Executor, errors);
        return errors;
    }
}
