namespace Ablation.Harness.Spec;

/// <summary>
/// One value of one axis as the matrix wrote it, with where it was written (for error lines).
/// <see cref="Value"/> is typed by axis: string (backbone, placement, stem), long (seed), double (width),
/// int[] (stages), <see cref="AttentionChoice"/>, <see cref="DatasetChoice"/>, or <see cref="RecipeValue"/>.
/// <see cref="Key"/> is a canonical text used to compare values (rules, zip rows, baseline).
/// </summary>
public sealed record AxisValue(string Axis, object Value, string Key, SourceMark Mark)
{
    public override string ToString() => Key;
}

/// <summary>An attention module as a matrix names it: <c>se</c> or <c>{name: se, reduction: 8}</c>.</summary>
public sealed record AttentionChoice(string Name, SortedDictionary<string, string> Options)
{
    public string Key => Options.Count == 0 ? Name : $"{Name}({string.Join(",", Options.Select(o => $"{o.Key}={o.Value}"))})";
    public override string ToString() => Key;
}

/// <summary>A data set as a matrix names it: <c>cifar10</c> or <c>{name: synthetic, train: 256, classes: 4}</c>.</summary>
public sealed record DatasetChoice(string Name, SortedDictionary<string, string> Options)
{
    public string Key => Options.Count == 0 ? Name : $"{Name}({string.Join(",", Options.Select(o => $"{o.Key}={o.Value}"))})";
    public override string ToString() => Key;
}

/// <summary>A recipe field's value as written (the trainer's <c>Recipe.Set</c> parses and checks it).</summary>
public sealed record RecipeValue(string Text)
{
    public override string ToString() => Text;
}
