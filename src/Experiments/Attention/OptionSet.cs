using System.Globalization;

namespace Ablation.Experiments.Attention;

/// <summary>
/// The options one attention module accepts, declared once next to its options record: each declaration
/// knows its name, the values it allows, how to read it from the record (for `ablate list` defaults) and
/// how to write a parsed string into it (<c>o with { Reduction = v }</c>). Binding a string dictionary
/// fails fast with one line naming the module, the option and what is allowed.
/// </summary>
internal sealed class OptionSet<T> where T : class
{
    private sealed record Declaration(string Name, string Allowed, string Description, Func<T, string> Show,
        Func<T, string, T> Apply);

    private readonly List<Declaration> declarations = new();

    public IEnumerable<string> Names => declarations.Select(d => d.Name);

    public OptionSet<T> Int(string name, string description, Func<T, long> get, Func<T, long, T> set, long min = 1,
        long max = long.MaxValue)
    {
        var allowed = max == long.MaxValue ? $"integer >= {min}" : $"integer in [{min}, {max}]";
        return Add(name, allowed, description, o => get(o).ToString(CultureInfo.InvariantCulture), (o, text) =>
        {
            if (!long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
                throw new FormatException(allowed);
            return set(o, v);
        });
    }

    /// <summary>An integer option that may also be `auto` (null in the record): ECA's adaptive kernel size.</summary>
    public OptionSet<T> IntOrAuto(string name, string description, Func<T, long?> get, Func<T, long?, T> set,
        long min = 1, bool odd = false)
    {
        var allowed = $"auto or {(odd ? "an odd " : "")}integer >= {min}";
        return Add(name, allowed, description, o => get(o)?.ToString(CultureInfo.InvariantCulture) ?? "auto", (o, text) =>
        {
            if (text.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase)) return set(o, null);
            if (!long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min ||
                (odd && v % 2 == 0))
                throw new FormatException(allowed);
            return set(o, v);
        });
    }

    public OptionSet<T> Double(string name, string description, Func<T, double> get, Func<T, double, T> set,
        double exclusiveMin = double.NegativeInfinity)
    {
        var allowed = double.IsNegativeInfinity(exclusiveMin) ? "a number" : $"a number > {exclusiveMin.ToString(CultureInfo.InvariantCulture)}";
        return Add(name, allowed, description, o => get(o).ToString("R", CultureInfo.InvariantCulture), (o, text) =>
        {
            if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ||
                !double.IsFinite(v) || v <= exclusiveMin)
                throw new FormatException(allowed);
            return set(o, v);
        });
    }

    public OptionSet<T> Bool(string name, string description, Func<T, bool> get, Func<T, bool, T> set) =>
        Add(name, "true|false", description, o => get(o) ? "true" : "false", (o, text) =>
            text.Trim().ToLowerInvariant() switch
            {
                "true" or "yes" or "on" or "1" => set(o, true),
                "false" or "no" or "off" or "0" => set(o, false),
                _ => throw new FormatException("true|false"),
            });

    public OptionSet<T> Choice(string name, string description, IReadOnlyList<string> allowed, Func<T, string> get,
        Func<T, string, T> set)
    {
        var text = string.Join("|", allowed);
        return Add(name, text, description, get, (o, value) =>
        {
            var v = value.Trim().ToLowerInvariant();
            if (!allowed.Contains(v)) throw new FormatException(text);
            return set(o, v);
        });
    }

    /// <summary>A non-empty list without repeats, written `avg,max` or `[avg, max]` (YAML's flow list).</summary>
    public OptionSet<T> List(string name, string description, IReadOnlyList<string> allowed,
        Func<T, IReadOnlyList<string>> get, Func<T, IReadOnlyList<string>, T> set)
    {
        var text = $"a list of {string.Join("|", allowed)}";
        return Add(name, text, description, o => string.Join(",", get(o)), (o, value) =>
        {
            var items = value.Trim().TrimStart('[').TrimEnd(']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => s.Trim('"', '\'').ToLowerInvariant()).ToArray();
            if (items.Length == 0 || items.Any(i => !allowed.Contains(i)) || items.Distinct().Count() != items.Length)
                throw new FormatException(text + ", each at most once");
            return set(o, items);
        });
    }

    private OptionSet<T> Add(string name, string allowed, string description, Func<T, string> show, Func<T, string, T> apply)
    {
        if (declarations.Any(d => d.Name == name)) throw new InvalidOperationException($"option '{name}' declared twice");
        declarations.Add(new(name, allowed, description, show, apply));
        return this;
    }

    /// <summary>The same declarations except <paramref name="names"/>: for registry entries that fix some
    /// options (cbam-channel fixes spatial=false).</summary>
    public OptionSet<T> Without(params string[] names)
    {
        var copy = new OptionSet<T>();
        copy.declarations.AddRange(declarations.Where(d => !names.Contains(d.Name)));
        return copy;
    }

    /// <summary>
    /// <paramref name="defaults"/> with every option of <paramref name="options"/> applied. Throws
    /// <see cref="ArgumentException"/> naming the module and the option for an unknown name or a bad value.
    /// </summary>
    public T Bind(string module, T defaults, IReadOnlyDictionary<string, string> options)
    {
        var result = defaults;
        foreach (var (key, value) in options.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            var declaration = declarations.FirstOrDefault(d => d.Name == key.Trim().ToLowerInvariant());
            if (declaration is null)
            {
                var known = declarations.Count == 0 ? "it takes no options" : "allowed: " + string.Join(", ", Names);
                throw new ArgumentException($"attention '{module}': unknown option '{key}' ({known})");
            }
            try
            {
                result = declaration.Apply(result, value ?? "");
            }
            catch (FormatException e)
            {
                throw new ArgumentException($"attention '{module}': option '{declaration.Name}' must be {e.Message}, got '{value}'");
            }
        }
        return result;
    }

    /// <summary>Each option with its value in <paramref name="defaults"/>, for `ablate list attention`.</summary>
    public IReadOnlyList<AttentionOption> Describe(T defaults) =>
        declarations.Select(d => new AttentionOption(d.Name, d.Show(defaults), d.Allowed, d.Description)).ToList();
}
