using SkiaSharp;

namespace Ablation.Experiments.Data.Detection;

/// <summary>
/// A detection set generated in memory, for tests, smoke runs and the quickstart: filled rectangles, ellipses
/// and triangles (<see cref="SyntheticShapes"/>) of 15-45% of the image side and aspect 0.6-1.6, overlapping
/// each other by at most IoU 0.1, on a noisy background (a random dull colour, a horizontal gradient and
/// per-pixel noise of ±20). Shapes are drawn antialiased by Skia; each box is the shape's exact bounds. Image i
/// is a pure function of (seed, i): it is generated again on each <see cref="Load"/>, from any thread.
/// </summary>
public sealed class SyntheticDetectionSet : IDetectionSource
{
    public SyntheticDetectionSet(SyntheticDetectionOptions options)
    {
        options.Validate();
        Options = options;
        Names = SyntheticShapes.Names(options.Classes);
    }

    public SyntheticDetectionOptions Options { get; }
    public int Count => Options.Count;
    public IReadOnlyList<string> Names { get; }

    public (int Width, int Height) ImageSize(int index) => (Options.ImageSize, Options.ImageSize);

    public string ImageName(int index) => $"{index:D5}.png";

    public IReadOnlyList<LabelBox> Labels(int index) => Load(index).Boxes;

    /// <summary>
    /// A training and a validation split of the same kind: the validation images come from another seed
    /// (<c>seed + 0x7A1</c> mixed in), so they are never copies of training images.
    /// </summary>
    public static DetectionDataset Dataset(SyntheticDetectionOptions train, int valCount)
    {
        var val = train with { Count = valCount, Seed = train.Seed ^ 0x7A1UL };
        var t = new SyntheticDetectionSet(train);
        return new DetectionDataset("synthetic-shapes", t.Names, t, new SyntheticDetectionSet(val));
    }

    /// <summary>The catalog name of the synthetic detection set (<c>dataset: { name: shapes, options: {...} }</c>).</summary>
    public const string CatalogName = "shapes";

    /// <summary>count (training images, 500), val (validation images, 100), image (side, 128), classes (3),
    /// objects (min-max per image, 1-3), seed (0).</summary>
    public static readonly IReadOnlyList<string> OptionNames = new[] { "count", "val", "image", "classes", "objects", "seed" };

    /// <summary>The training options a catalog spec names; a bad option is a one-line ArgumentException.</summary>
    public static SyntheticDetectionOptions OptionsOf(DatasetSpec spec)
    {
        foreach (var key in spec.OptionsOrEmpty.Keys)
            if (!OptionNames.Contains(key))
                throw new ArgumentException($"dataset {spec.Name}: unknown option '{key}', allowed: {string.Join(", ", OptionNames)}");
        int min = 1, max = 3;
        var objects = spec.Option("objects", "1-3");
        var parts = objects.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length is < 1 or > 2 || !int.TryParse(parts[0], out min) || !int.TryParse(parts[^1], out max) || min < 0 || max < min || max > 20)
            throw new ArgumentException($"dataset {spec.Name}: option 'objects' is '{objects}', allowed: N or MIN-MAX with 0 <= MIN <= MAX <= 20");
        var o = new SyntheticDetectionOptions(spec.IntOption("count", 500, 1, 1_000_000), spec.IntOption("image", 128, 32, 4096),
            spec.IntOption("classes", 3, 1, SyntheticShapes.MaxClasses), min, max, (ulong)spec.IntOption("seed", 0, 0));
        o.Validate();
        return o;
    }

    public static DetectionDataset FromSpec(DatasetSpec spec) => Dataset(OptionsOf(spec), spec.IntOption("val", 100, 1, 1_000_000));

    public DetectionSample Load(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), $"image {index} of {Count}");
        var rng = SampleRandom.For(Options.Seed, (ulong)index, 0x5A4E7UL);
        int s = Options.ImageSize;
        var image = Background(s, ref rng);
        int objects = Options.MinObjects + rng.Next(Options.MaxObjects - Options.MinObjects + 1);
        var boxes = new List<LabelBox>();
        var placed = new List<(float X1, float Y1, float X2, float Y2)>();
        using var bitmap = ImageCodec.ToBitmap(image);
        using (var canvas = new SKCanvas(bitmap))
        {
            for (int o = 0; o < objects; o++)
            {
                for (int attempt = 0; attempt < 30; attempt++)
                {
                    float side = s * (0.15f + 0.30f * (float)rng.NextDouble());
                    float aspect = 0.6f + (float)rng.NextDouble();
                    float w = MathF.Min(side * MathF.Sqrt(aspect), s - 2), h = MathF.Min(side / MathF.Sqrt(aspect), s - 2);
                    float x1 = 1 + (float)rng.NextDouble() * (s - 2 - w), y1 = 1 + (float)rng.NextDouble() * (s - 2 - h);
                    var box = (x1, y1, x1 + w, y1 + h);
                    if (placed.Any(p => Iou(p, box) > 0.1f)) continue;
                    int cls = rng.Next(Options.Classes);
                    Draw(canvas, cls, box, Colour(cls, ref rng), rng.NextBool());
                    placed.Add(box);
                    boxes.Add(new LabelBox(cls, (x1 + w / 2) / s, (y1 + h / 2) / s, w / s, h / s));
                    break;
                }
            }
        }
        return new DetectionSample(ImageCodec.FromRgba(bitmap), boxes);
    }

    private (byte R, byte G, byte B) Colour(int cls, ref SampleRandom rng)
    {
        var families = SyntheticShapes.Families;
        var family = Options.Classes <= 3 ? families[rng.Next(families.Length)] : families[cls / 3];
        return family[rng.Next(family.Length)];
    }

    private static RgbImage Background(int s, ref SampleRandom rng)
    {
        var image = new RgbImage(s, s);
        int r0 = 70 + rng.Next(70), g0 = 60 + rng.Next(70), b0 = 50 + rng.Next(70);
        int gradient = rng.Next(41) - 20;
        var p = image.Pixels;
        for (int y = 0; y < s; y++)
        for (int x = 0; x < s; x++)
        {
            int shift = gradient * x / s;
            int i = 3 * (y * s + x);
            p[i] = (byte)Math.Clamp(r0 + shift + rng.Next(41) - 20, 0, 255);
            p[i + 1] = (byte)Math.Clamp(g0 + shift + rng.Next(41) - 20, 0, 255);
            p[i + 2] = (byte)Math.Clamp(b0 + shift + rng.Next(41) - 20, 0, 255);
        }
        return image;
    }

    private static void Draw(SKCanvas canvas, int cls, (float X1, float Y1, float X2, float Y2) b, (byte R, byte G, byte B) colour, bool pointDown)
    {
        using var paint = new SKPaint { Color = new SKColor(colour.R, colour.G, colour.B), IsAntialias = true, Style = SKPaintStyle.Fill };
        var rect = new SKRect(b.X1, b.Y1, b.X2, b.Y2);
        switch (SyntheticShapes.ShapeOf(cls))
        {
            case SyntheticShapes.Shape.Rectangle: canvas.DrawRect(rect, paint); break;
            case SyntheticShapes.Shape.Ellipse: canvas.DrawOval(rect, paint); break;
            default:
                using (var path = new SKPath())
                {
                    float mid = (b.X1 + b.X2) / 2;
                    if (pointDown) { path.MoveTo(b.X1, b.Y1); path.LineTo(b.X2, b.Y1); path.LineTo(mid, b.Y2); }
                    else { path.MoveTo(mid, b.Y1); path.LineTo(b.X2, b.Y2); path.LineTo(b.X1, b.Y2); }
                    path.Close();
                    canvas.DrawPath(path, paint);
                }
                break;
        }
    }

    private static float Iou((float X1, float Y1, float X2, float Y2) a, (float X1, float Y1, float X2, float Y2) b)
    {
        float w = MathF.Min(a.X2, b.X2) - MathF.Max(a.X1, b.X1), h = MathF.Min(a.Y2, b.Y2) - MathF.Max(a.Y1, b.Y1);
        if (w <= 0 || h <= 0) return 0;
        float inter = w * h;
        return inter / ((a.X2 - a.X1) * (a.Y2 - a.Y1) + (b.X2 - b.X1) * (b.Y2 - b.Y1) - inter);
    }
}
