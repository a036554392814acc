namespace Ablation.Experiments.Data.Detection;

/// <summary>
/// Detection data sets by their catalog name (<see cref="DatasetCatalog"/> lists them; <c>yolo</c> today):
/// opening, checking and the class count, each failing with an ArgumentException or a one-line
/// DataFormatException that names the file and line.
/// </summary>
public static class DetectionDatasets
{
    public static DetectionDataset Load(DatasetSpec spec) => spec.Name == SyntheticDetectionSet.CatalogName
        ? SyntheticDetectionSet.FromSpec(spec) : YoloDataset.Open(RootOf(spec));

    /// <summary>Everything checkable before training (data.yaml, folders, label lines, image headers).</summary>
    public static DetectionDataset Check(DatasetSpec spec) => spec.Name == SyntheticDetectionSet.CatalogName
        ? SyntheticDetectionSet.FromSpec(spec) : YoloDataset.Check(RootOf(spec));

    /// <summary>The number of classes from data.yaml alone; a broken data.yaml is an ArgumentException naming it.</summary>
    public static int Classes(DatasetSpec spec)
    {
        if (spec.Name == SyntheticDetectionSet.CatalogName) return SyntheticDetectionSet.OptionsOf(spec).Classes;
        try { return YoloDataset.Classes(RootOf(spec)); }
        catch (DataFormatException e) { throw new ArgumentException(e.Message, e); }
    }

    private static string RootOf(DatasetSpec spec)
    {
        if (!DatasetCatalog.IsDetection(spec.Name)) throw new ArgumentException($"dataset {spec.Name} is not a detection data set");
        return spec.Root ?? throw new ArgumentException($"dataset {spec.Name}: root is missing, allowed: a folder holding {YoloDataset.DataYaml}");
    }
}
