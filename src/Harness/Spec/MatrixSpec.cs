namespace Ablation.Harness.Spec;

/// <summary>One axis of the matrix (or one member of a zip group) with its values in written order.</summary>
public sealed record Axis(string Name, IReadOnlyList<AxisValue> Values, SourceMark Mark);

/// <summary>One recipe field as written: its text (a list joined with commas) and where.</summary>
public sealed record RecipeSetting(string Field, string Text, SourceMark Mark);

/// <summary>An include or exclude rule: axis values a cell must all match.</summary>
public sealed record AxisRule(IReadOnlyDictionary<string, AxisValue> Values, SourceMark Mark);

/// <summary>
/// A parsed experiment matrix (DESIGN.md section 5): axes multiplied together, zip groups that vary together,
/// include/exclude rules, the shared recipe and the baseline. Expanding it gives the runs
/// (<see cref="MatrixExpander"/>); validating it checks names and combinations (<c>Validation/</c>).
/// </summary>
public sealed class MatrixSpec
{
    public required string File { get; init; }
    public required string Name { get; init; }
    public required SourceMark NameMark { get; init; }

    /// <summary>Axes multiplied together (fixed top-level values are one-value axes).</summary>
    public required IReadOnlyList<Axis> Axes { get; init; }

    /// <summary>Groups of axes whose i-th values go together (each group has axes of equal length).</summary>
    public required IReadOnlyList<IReadOnlyList<Axis>> ZipGroups { get; init; }

    public required IReadOnlyList<AxisRule> Include { get; init; }
    public required IReadOnlyList<AxisRule> Exclude { get; init; }

    /// <summary>The shared recipe's preset (<c>recipe: { preset: smoke }</c>), if any, and where it was written.</summary>
    public string? Preset { get; init; }
    public SourceMark PresetMark { get; init; }

    /// <summary>The shared recipe's fields as written (text), applied over the preset in order.</summary>
    public required IReadOnlyList<RecipeSetting> RecipeSettings { get; init; }

    public required IReadOnlyDictionary<string, AxisValue> Baseline { get; init; }

    /// <summary>Published numbers to compare against (a path relative to the matrix file), if any.</summary>
    public string? Paper { get; init; }

    /// <summary>The <c>executor:</c> section's fields (how runs are executed; no part of any run id).</summary>
    public IReadOnlyList<ExecutorSetting> Executor { get; init; } = [];

    /// <summary>Every axis value written anywhere (axes, zip, rules, baseline): what name validators check.</summary>
    public IEnumerable<AxisValue> AllValues() =>
        Axes.SelectMany(a => a.Values)
            .Concat(ZipGroups.SelectMany(g => g).SelectMany(a => a.Values))
            .Concat(Include.SelectMany(r => r.Values.Values))
            .Concat(Exclude.SelectMany(r => r.Values.Values))
            .Concat(Baseline.Values);

    /// <summary>The values of an axis wherever it is varied (product or zip); empty if it is not.</summary>
    public IReadOnlyList<AxisValue> ValuesOf(string axis) =>
        Axes.Concat(ZipGroups.SelectMany(g => g)).FirstOrDefault(a => a.Name == axis)?.Values ?? [];
}
