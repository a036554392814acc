using Ablation.Experiments.Training;

namespace Ablation.Harness.Spec;

/// <summary>The axes a matrix can vary: model, data set, seed, and any recipe field (DESIGN.md sections 4 and 5).</summary>
public static class AxisNames
{
    public const string Backbone = "backbone", Attention = "attention", Placement = "placement", Stages = "stages",
        Dataset = "dataset", Seed = "seed", Stem = "stem", Width = "width";

    public static readonly IReadOnlyList<string> Model = [Backbone, Attention, Placement, Stages, Stem, Width];
    public static readonly IReadOnlyList<string> All = [.. Model, Dataset, Seed];

    public static bool IsRecipeField(string name) => MatrixRecipe.FieldNames.Contains(name);

    public static bool IsKnown(string name) => All.Contains(name) || IsRecipeField(name);

    /// <summary>Axes whose single value is itself a list (a list of lists is several values).</summary>
    public static bool IsListValued(string name) => name is Stages or "augment" or "milestones";

    public static string Allowed => string.Join(", ", All) + ", or a recipe field (" + string.Join(", ", MatrixRecipe.FieldNames) + ")";
}
