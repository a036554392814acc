namespace Ablation.Harness.Validation;

/// <summary>The validators `ablate plan` and `ablate run` apply, cheapest first.</summary>
public static class MatrixValidators
{
    public static IValidator Default() => new CompositeValidator(
        new NamesValidator(),
        new AfterPlacementValidator(),
        new AttentionOptionsValidator(),
        new DatasetValidator(),
        new RecipeValidator(),
        new BaselineValidator(),
        new ExecutorValidator(),
        new NotEmptyValidator(),
        new ModelValidator());
}
