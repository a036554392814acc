using Ablation.Experiments.Data;

namespace Ablation.Harness.Catalog;

/// <summary>
/// The data set side of a run: its <see cref="DatasetSpec"/> (names, options and shapes are the Data layer's
/// <see cref="DatasetCatalog"/>), its root written out (so the run's identity says where its data came from),
/// and the files that must exist before a sweep starts, so a missing download is reported by `ablate plan`
/// instead of by a worker hours later.
/// </summary>
public static class DatasetFiles
{
    public const string RootOption = "root";

    private static readonly string[] Idx = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <summary>Each required file with the names it may have (IDX files may be gzipped).</summary>
    public static IReadOnlyList<string[]> Required(string dataset) => dataset switch
    {
        "cifar10" => [.. Enumerable.Range(1, 5).Select(i => new[] { $"data_batch_{i}.bin" }), ["test_batch.bin"]],
        "cifar100" => [["train.bin"], ["test.bin"]],
        "fashion-mnist" or "mnist" => Idx.Select(f => new[] { f, f + ".gz" }).ToArray(),
        _ => [],
    };

    /// <summary>The options a run records: the root written out for data sets read from files.</summary>
    public static SortedDictionary<string, string> Resolve(string dataset, IReadOnlyDictionary<string, string> options)
    {
        var resolved = new SortedDictionary<string, string>(options.ToDictionary(), StringComparer.Ordinal);
        var entry = DatasetCatalog.All.FirstOrDefault(e => e.Name == dataset);
        if (entry?.DefaultRoot is { } root && !resolved.ContainsKey(RootOption)) resolved[RootOption] = root;
        return resolved;
    }

    /// <summary>
    /// The Data layer's spec for a run's data set (root apart from the other options). It keeps the subset
    /// options, so a checkpoint of a subset run is never mistaken for one of the full data set.
    /// </summary>
    public static DatasetSpec ToSpec(string dataset, IReadOnlyDictionary<string, string> options) =>
        new(dataset, options.GetValueOrDefault(RootOption),
            options.Where(kv => kv.Key != RootOption).ToDictionary(kv => kv.Key, kv => kv.Value));

    /// <summary>
    /// Options <c>train: N</c> and <c>test: M</c> of a data set read from files: train and test on the first N and
    /// M images of each split (the files' fixed order, so every run of a sweep sees the same images). For quick
    /// sweeps such as experiments/quickstart.yaml. The synthetic set has its own options of these names.
    /// </summary>
    public static readonly IReadOnlyList<string> SubsetOptions = ["train", "test"];

    private static bool FromFiles(string dataset) => Required(dataset).Count > 0;

    /// <summary>The spec the Data layer's catalog knows (subset options removed for data sets read from files).</summary>
    public static DatasetSpec ForCatalog(DatasetSpec spec) =>
        !FromFiles(spec.Name) ? spec
            : spec with { Options = spec.OptionsOrEmpty.Where(kv => !SubsetOptions.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value) };

    /// <summary>The problem with a subset option's value, or null.</summary>
    public static string? CheckSubset(DatasetSpec spec)
    {
        if (!FromFiles(spec.Name)) return null;
        foreach (var key in SubsetOptions)
            if (spec.OptionsOrEmpty.TryGetValue(key, out var v) && !(int.TryParse(v, out var n) && n >= 1))
                return $"option '{key}' is '{v}', allowed: an integer >= 1 (images of the {key} split to use)";
        return null;
    }

    /// <summary>Loads a run's data: the whole data set, or its first N/M images when subset options are set.</summary>
    public static Dataset? LoadSubset(DatasetSpec spec)
    {
        if (!FromFiles(spec.Name) || !SubsetOptions.Any(spec.OptionsOrEmpty.ContainsKey)) return null;
        var full = DatasetCatalog.Load(ForCatalog(spec));
        ImageSet Take(ImageSet set, string key)
        {
            int n = spec.IntOption(key, set.Count);
            if (n >= set.Count) return set;
            var pixels = new byte[(long)n * set.ImageSize];
            for (int i = 0; i < n; i++) set.Image(i).CopyTo(pixels.AsSpan(i * set.ImageSize, set.ImageSize));
            return new ImageSet(pixels, set.Labels.Take(n).ToArray(), set.Channels, set.Height, set.Width);
        }
        return Dataset.FromSplits(full.Name, Take(full.Train, "train"), Take(full.Test, "test"), full.Classes);
    }

    /// <summary>The required files missing under <paramref name="root"/>, each with its accepted names.</summary>
    public static IEnumerable<string> Missing(string dataset, string root) =>
        Required(dataset).Where(alternatives => !alternatives.Any(f => File.Exists(Path.Combine(root, f))))
            .Select(alternatives => string.Join(" or ", alternatives));
}
