using Ablation.Experiments.Training;
using Ablation.Harness.Spec;

namespace Ablation.Harness.Validation;

/// <summary>Every recipe field written (shared recipe and recipe axes) through the trainer's own checks.</summary>
public sealed class RecipeValidator : IValidator
{
    public IEnumerable<SpecError> Validate(ValidationContext context)
    {
        var spec = context.Spec;
        var recipe = MatrixRecipe.For(spec);
        foreach (var s in spec.RecipeSettings)
        {
            if (RecipeResolver.TrySet(recipe, s.Field, s.Text, out var next, out var problem)) recipe = next;
            else yield return new SpecError(s.Mark, $"recipe.{s.Field}", s.Text, Reason(problem!));
        }
        foreach (var value in spec.AllValues().Where(v => v.Value is RecipeValue))
            if (!RecipeResolver.TrySet(recipe, value.Axis, ((RecipeValue)value.Value).Text, out _, out var problem))
                yield return new SpecError(value.Mark, value.Axis, value.Key, Reason(problem!));
    }

    /// <summary>The trainer's message reduced to what follows the value: "allowed: ...".</summary>
    private static string Reason(string message)
    {
        int at = message.IndexOf("allowed:", StringComparison.Ordinal);
        return at >= 0 ? "is not allowed; " + message[at..] : "is not allowed: " + message;
    }
}
