using System.Text;

namespace Ablation.Experiments.Data.Detection;

/// <summary>
/// Writes detection splits in the ultralytics YOLO format: <c>data.yaml</c> (path ., train images/train,
/// val images/val, names), <c>images/{train,val}/NAME.png</c> and <c>labels/{train,val}/NAME.txt</c>. So a
/// generated set can be trained on by ultralytics itself, or re-read by <see cref="YoloDataset"/>.
/// </summary>
public static class YoloDatasetWriter
{
    /// <param name="extension">.png (lossless) or .jpg.</param>
    public static void Write(string root, IReadOnlyList<string> names, IDetectionSource train, IDetectionSource val, string extension = ".png")
    {
        Directory.CreateDirectory(root);
        var yaml = new StringBuilder();
        yaml.AppendLine("# written by Ablation's YoloDatasetWriter");
        yaml.AppendLine("path: .");
        yaml.AppendLine("train: images/train");
        yaml.AppendLine("val: images/val");
        yaml.AppendLine($"nc: {names.Count}");
        yaml.AppendLine("names:");
        foreach (var name in names) yaml.AppendLine($"  - '{name.Replace("'", "''")}'");
        foreach (var (split, source) in new[] { ("train", train), ("val", val) })
        {
            var images = Path.Combine(root, "images", split);
            var labels = Path.Combine(root, "labels", split);
            Directory.CreateDirectory(images);
            Directory.CreateDirectory(labels);
            for (int i = 0; i < source.Count; i++)
            {
                var sample = source.Load(i);
                var stem = Path.GetFileNameWithoutExtension(source.ImageName(i));
                ImageCodec.Encode(sample.Image, Path.Combine(images, stem + extension));
                YoloLabelFile.Write(Path.Combine(labels, stem + ".txt"), sample.Boxes);
            }
        }
        File.WriteAllText(Path.Combine(root, YoloDataset.DataYaml), yaml.ToString());
    }
}
