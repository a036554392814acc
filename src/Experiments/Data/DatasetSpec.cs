namespace Ablation.Experiments.Data;

/// <summary>
/// Which data set to load (DESIGN.md section 4 names: cifar10, cifar100, mnist, fashion-mnist, synthetic),
/// from where (<paramref name="Root"/>: null means the data set's default directory) and with which options
/// (cifar100 <c>labels: fine|coarse</c>; synthetic <c>train, test, image, channels, classes, seed</c>).
/// </summary>
public sealed record DatasetSpec(string Name, string? Root = null, IReadOnlyDictionary<string, string>? Options = null)
{
    public IReadOnlyDictionary<string, string> OptionsOrEmpty => Options ?? new Dictionary<string, string>();

    /// <summary>An option's value, or <paramref name="fallback"/> when it is not set.</summary>
    public string Option(string key, string fallback) =>
        Options is not null && Options.TryGetValue(key, out var v) ? v : fallback;

    /// <summary>A positive integer option; a bad value is an ArgumentException naming the option.</summary>
    public int IntOption(string key, int fallback, int min = 1, int max = int.MaxValue)
    {
        if (Options is null || !Options.TryGetValue(key, out var text)) return fallback;
        if (!int.TryParse(text, out var v) || v < min || v > max)
            throw new ArgumentException($"dataset {Name}: option '{key}' is '{text}', allowed: an integer in {min}..{max}");
        return v;
    }

    public override string ToString() =>
        Name + (Root is null ? "" : $"@{Root}") +
        (Options is { Count: > 0 } ? "(" + string.Join(",", Options.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}")) + ")" : "");
}
