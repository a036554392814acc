using System.Text.Json.Nodes;
using Ablation.Experiments.Training;

namespace Ablation.Harness.Spec;

/// <summary>
/// A matrix's recipes through the trainer's own <see cref="Recipe"/> (fields, presets, validation, canonical
/// JSON), so the harness never keeps a second list of recipe fields: the shared recipe is the preset with the
/// matrix's fields applied, and a cell's recipe is that with its recipe axes applied.
/// </summary>
public static class RecipeResolver
{
    /// <summary>The shared recipe; settings that do not parse are skipped (RecipeValidator reports them).</summary>
    public static MatrixRecipe Shared(MatrixSpec spec)
    {
        var recipe = MatrixRecipe.For(spec);
        foreach (var s in spec.RecipeSettings)
            if (TrySet(recipe, s.Field, s.Text, out var next, out _)) recipe = next;
        return recipe;
    }

    /// <summary>The recipe of one cell: the shared recipe with the cell's recipe axes applied.</summary>
    public static MatrixRecipe ForCell(MatrixRecipe shared, IReadOnlyDictionary<string, AxisValue> cell)
    {
        var recipe = shared;
        foreach (var (axis, value) in cell)
            if (value.Value is RecipeValue v && TrySet(recipe, axis, v.Text, out var next, out _)) recipe = next;
        return recipe;
    }

    /// <summary>One field set from text; false with the trainer's one-line reason when it is not allowed.</summary>
    public static bool TrySet(MatrixRecipe recipe, string field, string text, out MatrixRecipe result, out string? problem)
    {
        try
        {
            result = recipe.Set(field, text);
            problem = null;
            return true;
        }
        catch (ArgumentException e)
        {
            result = recipe;
            problem = e.Message;
            return false;
        }
    }

    /// <summary>The canonical JSON value of one field of a recipe.</summary>
    public static JsonNode? Field(MatrixRecipe recipe, string field) => recipe.ToJsonObject()[field]?.DeepClone();

    /// <summary>A recipe as the sorted field map a run spec holds.</summary>
    public static SortedDictionary<string, JsonNode> ToMap(MatrixRecipe recipe) =>
        new(recipe.ToJsonObject().ToDictionary(kv => kv.Key, kv => kv.Value!.DeepClone()), StringComparer.Ordinal);
}
