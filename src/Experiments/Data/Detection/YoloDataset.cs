namespace Ablation.Experiments.Data.Detection;

/// <summary>
/// The ultralytics YOLO format (<c>dataset: { name: yolo, root: DIR }</c>): DIR/data.yaml (see
/// <see cref="YoloDataYaml"/>), images under images/{train,val}, labels under labels/{train,val}.
/// </summary>
public static class YoloDataset
{
    public const string Name = "yolo";
    public const string DataYaml = "data.yaml";

    /// <summary>YOLOv5's default img_size, the input side when a recipe gives none.</summary>
    public const int DefaultImageSize = 640;

    /// <summary>Opens both splits, reading data.yaml and every label file (images are decoded later, on demand).</summary>
    public static DetectionDataset Open(string root)
    {
        var yaml = YoloDataYaml.Read(Path.Combine(root, DataYaml));
        var train = YoloSplit.Open(yaml.Train, yaml.Names, yaml.File, "train");
        var val = YoloSplit.Open(yaml.Val, yaml.Names, yaml.File, "val");
        return new DetectionDataset(Path.GetFileName(Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar)), yaml.Names, train, val);
    }

    /// <summary>
    /// Everything `ablate plan` can check without training: data.yaml, both folders, every label line and every
    /// image's header. The first problem is thrown as a one-line DataFormatException naming the file and line.
    /// </summary>
    public static DetectionDataset Check(string root)
    {
        var data = Open(root);
        ((YoloSplit)data.Train).CheckImages();
        ((YoloSplit)data.Val).CheckImages();
        return data;
    }

    /// <summary>The number of classes from data.yaml alone (for profiling a detector without opening the splits).</summary>
    public static int Classes(string root) => YoloDataYaml.Read(Path.Combine(root, DataYaml)).Names.Count;
}
