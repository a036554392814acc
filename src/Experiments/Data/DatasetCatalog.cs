namespace Ablation.Experiments.Data;

/// <summary>
/// The data sets by their DESIGN.md section 4 names, and how each is loaded. Unknown names and options are
/// an ArgumentException naming what is allowed; broken files a <see cref="DataFormatException"/>.
/// </summary>
public static class DatasetCatalog
{
    public sealed record Entry(string Name, string Description, string? DefaultRoot, IReadOnlyList<string> Options);

    public static readonly IReadOnlyList<Entry> All = new Entry[]
    {
        new("cifar10", "CIFAR-10, binary distribution (data_batch_1..5.bin, test_batch.bin), 32x32x3, 10 classes",
            CifarBinary.Cifar10DefaultRoot, Array.Empty<string>()),
        new("cifar100", "CIFAR-100, binary distribution (train.bin, test.bin), 32x32x3, 100 fine or 20 coarse classes",
            CifarBinary.Cifar100DefaultRoot, new[] { "labels" }),
        new("fashion-mnist", "Fashion-MNIST, IDX files (gz or not), 28x28x1, 10 classes",
            IdxFormat.FashionMnistDefaultRoot, Array.Empty<string>()),
        new("mnist", "MNIST, IDX files (gz or not), 28x28x1, 10 classes", IdxFormat.MnistDefaultRoot, Array.Empty<string>()),
        new("synthetic", "generated in memory, class-dependent and learnable (tests, smoke runs)", null, SyntheticData.OptionNames),
        new(Detection.YoloDataset.Name, "ultralytics YOLO format for detectors: root holds data.yaml, images/{train,val}, labels/{train,val}",
            null, Array.Empty<string>()),
        new(Detection.SyntheticDetectionSet.CatalogName, "synthetic detection set generated in memory: shapes on noisy backgrounds (tests, smoke runs, the quickstart)",
            null, Detection.SyntheticDetectionSet.OptionNames),
    };

    /// <summary>Detection data sets: loaded by <see cref="Detection.DetectionDatasets.Load"/>, not <see cref="Load"/>.</summary>
    public static bool IsDetection(string name) => name is Detection.YoloDataset.Name or Detection.SyntheticDetectionSet.CatalogName;

    public static IEnumerable<string> Names => All.Select(e => e.Name);

    /// <summary>Checks the name and options without reading any file.</summary>
    public static Entry Validate(DatasetSpec spec)
    {
        var entry = All.FirstOrDefault(e => e.Name == spec.Name)
            ?? throw new ArgumentException($"unknown dataset '{spec.Name}', allowed: {string.Join(", ", Names)}");
        foreach (var key in spec.OptionsOrEmpty.Keys)
            if (!entry.Options.Contains(key))
                throw new ArgumentException(
                    $"dataset {spec.Name}: unknown option '{key}', allowed: {(entry.Options.Count == 0 ? "none" : string.Join(", ", entry.Options))}");
        if (spec.Name == "cifar100" && spec.Option("labels", "fine") is not ("fine" or "coarse"))
            throw new ArgumentException($"dataset cifar100: option 'labels' is '{spec.Option("labels", "")}', allowed: fine, coarse");
        return entry;
    }

    public static Dataset Load(DatasetSpec spec)
    {
        Validate(spec);
        return spec.Name switch
        {
            "cifar10" => CifarBinary.LoadCifar10(spec.Root),
            "cifar100" => CifarBinary.LoadCifar100(spec.Root, coarse: spec.Option("labels", "fine") == "coarse"),
            "fashion-mnist" or "mnist" => IdxFormat.LoadMnistLike(spec.Name, spec.Root),
            "synthetic" => SyntheticData.Load(spec),
            _ when IsDetection(spec.Name) => throw new ArgumentException(
                $"dataset {spec.Name} holds detection data (boxes, not one label per image): it needs a detector, loaded by DetectionDatasets.Load"),
            _ => throw new ArgumentException($"unknown dataset '{spec.Name}'"),
        };
    }

    /// <summary>The image shape a data set yields, without loading it (for profiling and validation).</summary>
    public static (int Channels, int Image, int Classes) Shape(DatasetSpec spec)
    {
        Validate(spec);
        return spec.Name switch
        {
            "cifar10" => (3, 32, 10),
            "cifar100" => (3, 32, spec.Option("labels", "fine") == "coarse" ? 20 : 100),
            "fashion-mnist" or "mnist" => (1, 28, 10),
            Detection.SyntheticDetectionSet.CatalogName => (3, Detection.SyntheticDetectionSet.OptionsOf(spec).ImageSize, Detection.SyntheticDetectionSet.OptionsOf(spec).Classes),
            _ when IsDetection(spec.Name) => (3, Detection.YoloDataset.DefaultImageSize, Detection.DetectionDatasets.Classes(spec)),
            _ => (spec.IntOption("channels", 3, 1, 64), spec.IntOption("image", 16, 4, 1024), spec.IntOption("classes", 10, 2, 100000)),
        };
    }
}
