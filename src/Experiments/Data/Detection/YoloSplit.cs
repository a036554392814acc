namespace Ablation.Experiments.Data.Detection;

/// <summary>
/// One split of an ultralytics-format data set: the images of a folder (recursively, .jpg/.jpeg/.png, in
/// ordinal path order) or of a .txt list, and the label file of each image, found as ultralytics finds it
/// (the last <c>/images/</c> of the path replaced by <c>/labels/</c>, the extension by <c>.txt</c>). Labels are
/// read and checked when the split is opened; images are decoded on each <see cref="Load"/>.
/// </summary>
public sealed class YoloSplit : IDetectionSource
{
    private readonly string[] images;
    private readonly IReadOnlyList<LabelBox>[] labels;
    private readonly (int, int)?[] sizes;

    private YoloSplit(string[] images, IReadOnlyList<LabelBox>[] labels, IReadOnlyList<string> names)
    {
        this.images = images;
        this.labels = labels;
        sizes = new (int, int)?[images.Length];
        Names = names;
    }

    public int Count => images.Length;
    public IReadOnlyList<string> Names { get; }
    public IReadOnlyList<string> ImagePaths => images;

    /// <summary>Lists the split's images and reads every label file; <paramref name="source"/> names the data.yaml field.</summary>
    public static YoloSplit Open(string location, IReadOnlyList<string> names, string yamlFile, string field)
    {
        string[] files;
        if (Directory.Exists(location))
            files = Directory.EnumerateFiles(location, "*", SearchOption.AllDirectories).Where(ImageCodec.IsImageFile)
                .OrderBy(f => f, StringComparer.Ordinal).ToArray();
        else if (File.Exists(location) && Path.GetExtension(location) == ".txt")
        {
            var dir = Path.GetDirectoryName(location)!;
            files = File.ReadAllLines(location).Select(l => l.Trim()).Where(l => l.Length > 0)
                .Select(l => Path.GetFullPath(Path.Combine(dir, l))).ToArray();
            foreach (var f in files)
                if (!File.Exists(f)) throw new DataFormatException(location, $"lists {f}, which does not exist");
        }
        else throw new DataFormatException(yamlFile, $"{field}: {location} does not exist, allowed: a folder of images (or a .txt list of them)");
        if (files.Length == 0)
            throw new DataFormatException(location, $"no images (.jpg, .jpeg, .png) for {field} of {yamlFile}");
        var labels = files.Select(f => YoloLabelFile.Read(LabelPath(f), names.Count)).ToArray();
        return new YoloSplit(files, labels, names);
    }

    /// <summary>ultralytics' <c>img2label_paths</c>: .../images/x/a.jpg -> .../labels/x/a.txt.</summary>
    public static string LabelPath(string imagePath)
    {
        var sep = Path.DirectorySeparatorChar;
        var marker = $"{sep}images{sep}";
        int i = imagePath.LastIndexOf(marker, StringComparison.Ordinal);
        var path = i < 0 ? imagePath : imagePath[..i] + $"{sep}labels{sep}" + imagePath[(i + marker.Length)..];
        return Path.ChangeExtension(path, ".txt");
    }

    public DetectionSample Load(int index) => new(ImageCodec.Decode(images[index]), labels[index]);

    public IReadOnlyList<LabelBox> Labels(int index) => labels[index];

    /// <summary>From the image's header, read once (the cache is locked: pipeline threads ask concurrently).</summary>
    public (int Width, int Height) ImageSize(int index)
    {
        lock (sizes)
            if (sizes[index] is { } s) return s;
        var size = ImageCodec.ReadSize(images[index]) ?? throw new DataFormatException(images[index], "unreadable image: not a JPEG or PNG file Skia can decode");
        lock (sizes) sizes[index] = size;
        return size;
    }

    public string ImageName(int index) => Path.GetFileName(images[index]);

    /// <summary>Reads every image's header, so an unreadable image is reported before training starts.</summary>
    public void CheckImages()
    {
        for (int i = 0; i < images.Length; i++) ImageSize(i);
    }
}
