namespace Ablation.Experiments.Attention;

/// <summary>
/// Which attention module to build and with which options, as a matrix, the CLI (`--attention se
/// --attention-opt reduction=8`) or a run spec names it. Options are strings as they arrive from YAML and
/// the command line; <see cref="AttentionRegistry.Validate"/> checks them against the module's declared
/// options before anything is built.
/// </summary>
public sealed record AttentionSpec(string Name, IReadOnlyDictionary<string, string> Options)
{
    private static readonly IReadOnlyDictionary<string, string> NoOptions = new Dictionary<string, string>();

    /// <summary>The module with its paper's defaults.</summary>
    public AttentionSpec(string name) : this(name, NoOptions) { }

    /// <summary>The baseline: no attention module.</summary>
    public static AttentionSpec None { get; } = new("none");

    /// <summary>A spec from a name and (key, value) options: AttentionSpec.Of("cbam", ("reduction", "8")).</summary>
    public static AttentionSpec Of(string name, params (string Key, string Value)[] options) =>
        new(name, options.ToDictionary(o => o.Key, o => o.Value));

    public override string ToString() =>
        Options.Count == 0 ? Name : $"{Name}({string.Join(", ", Options.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}={o.Value}"))})";

    // Records compare dictionaries by reference; two specs with equal options are the same spec.
    public bool Equals(AttentionSpec? other) =>
        other is not null && Name == other.Name && Options.Count == other.Options.Count &&
        Options.All(o => other.Options.TryGetValue(o.Key, out var v) && v == o.Value);

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}
