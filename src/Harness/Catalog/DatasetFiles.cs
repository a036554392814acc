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

    /// <summary>The Data layer's spec for a run's data set (root apart from the other options).</summary>
    public static DatasetSpec ToSpec(string dataset, IReadOnlyDictionary<string, string> options) =>
        new(dataset, options.GetValueOrDefault(RootOption),
            options.Where(kv => kv.Key != RootOption).ToDictionary(kv => kv.Key, kv => kv.Value));

    /// <summary>The required files missing under <paramref name="root"/>, each with its accepted names.</summary>
    public static IEnumerable<string> Missing(string dataset, string root) =>
        Required(dataset).Where(alternatives => !alternatives.Any(f => File.Exists(Path.Combine(root, f))))
            .Select(alternatives => string.Join(" or ", alternatives));
}
