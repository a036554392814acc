namespace Ablation.Experiments.Data.Detection;

/// <summary>
/// YOLOv5's <c>random_perspective</c> without the perspective term: the map <c>M = T · S · R · C</c> where C moves
/// the image centre to the origin, R rotates by U(-degrees, degrees) and scales by U(1 - scale, 1 + scale), S
/// shears by U(-shear, shear) degrees in x and y, and T moves the origin to U(0.5 ± translate) of the output
/// size. The output is the input enlarged by 2 · border on each axis (border -size/2 after a mosaic turns
/// the 2s canvas back into s). Boxes: the four corners mapped, their bounds clipped to the output, and kept
/// only if wider and taller than 2 px, with more than 10% of their scaled area left and an aspect ratio
/// under 100 (YOLOv5's <c>box_candidates</c>). Draws, in order: angle, scale, shear x, shear y, translation x, y.
/// </summary>
public static class RandomAffine
{
    public static (RgbImage Image, List<PixelBox> Boxes) Apply(RgbImage image, IReadOnlyList<PixelBox> boxes,
        DetectionAugmentation aug, int border, ref SampleRandom rng)
    {
        var (map, scale, width, height) = Draw(image.Width, image.Height, aug, border, ref rng);
        var output = map.IsIdentity && border == 0 ? image : ImageWarp.Affine(image, width, height, map);
        return (output, MoveBoxes(boxes, map, scale, width, height));
    }

    /// <summary>Draws the map for a <paramref name="sourceWidth"/> x <paramref name="sourceHeight"/> image; returns it, its scale and the output size.</summary>
    public static (Affine2D Map, double Scale, int Width, int Height) Draw(int sourceWidth, int sourceHeight,
        DetectionAugmentation aug, int border, ref SampleRandom rng)
    {
        double degrees = Uniform(ref rng, -aug.Degrees, aug.Degrees);
        double scale = Uniform(ref rng, 1 - aug.Scale, 1 + aug.Scale);
        double shearX = Uniform(ref rng, -aug.Shear, aug.Shear);
        double shearY = Uniform(ref rng, -aug.Shear, aug.Shear);
        double translateX = Uniform(ref rng, 0.5 - aug.Translate, 0.5 + aug.Translate);
        double translateY = Uniform(ref rng, 0.5 - aug.Translate, 0.5 + aug.Translate);
        var (map, width, height) = Map(sourceWidth, sourceHeight, border, degrees, scale, shearX, shearY, translateX, translateY);
        return (map, scale, width, height);
    }

    /// <summary>
    /// YOLOv5's <c>M = T @ S @ R @ C</c> for drawn values: rotation in degrees, scale, shears in degrees, and the
    /// translation as a fraction of the output size (0.5 centres the image).
    /// </summary>
    public static (Affine2D Map, int Width, int Height) Map(int sourceWidth, int sourceHeight, int border,
        double degrees, double scale, double shearX, double shearY, double translateX, double translateY)
    {
        int width = sourceWidth + 2 * border, height = sourceHeight + 2 * border;
        double angle = degrees * Math.PI / 180;
        var centre = Affine2D.Translate(-sourceWidth / 2.0, -sourceHeight / 2.0);
        // OpenCV's getRotationMatrix2D(centre (0, 0), angle, scale) = [[s cos, s sin], [-s sin, s cos]].
        var rotate = new Affine2D(scale * Math.Cos(angle), scale * Math.Sin(angle), 0, -scale * Math.Sin(angle), scale * Math.Cos(angle), 0);
        var shear = new Affine2D(1, Math.Tan(shearX * Math.PI / 180), 0, Math.Tan(shearY * Math.PI / 180), 1, 0);
        var map = centre.Then(rotate).Then(shear).Then(Affine2D.Translate(translateX * width, translateY * height));
        return (map, width, height);
    }

    /// <summary>Each box's four corners mapped, bounds clipped to the output, kept if a candidate.</summary>
    public static List<PixelBox> MoveBoxes(IReadOnlyList<PixelBox> boxes, Affine2D map, double scale, int width, int height)
    {
        var kept = new List<PixelBox>(boxes.Count);
        foreach (var box in boxes)
        {
            double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
            foreach (var (x, y) in new[] { (box.X1, box.Y1), (box.X2, box.Y2), (box.X1, box.Y2), (box.X2, box.Y1) })
            {
                var (nx, ny) = map.Apply(x, y);
                minX = Math.Min(minX, nx); maxX = Math.Max(maxX, nx);
                minY = Math.Min(minY, ny); maxY = Math.Max(maxY, ny);
            }
            var moved = new PixelBox(box.Class, (float)minX, (float)minY, (float)maxX, (float)maxY).Clip(width, height);
            if (IsCandidate(box.Width * (float)scale, box.Height * (float)scale, moved.Width, moved.Height)) kept.Add(moved);
        }
        return kept;
    }

    /// <summary>YOLOv5's <c>box_candidates</c> (wh_thr 2, ar_thr 100, area_thr 0.1) on widths and heights before and after.</summary>
    public static bool IsCandidate(float w1, float h1, float w2, float h2)
    {
        const float eps = 1e-16f;
        float ar = Math.Max(w2 / (h2 + eps), h2 / (w2 + eps));
        return w2 > 2 && h2 > 2 && w2 * h2 / (w1 * h1 + eps) > 0.1f && ar < 100;
    }

    private static double Uniform(ref SampleRandom rng, double lo, double hi) => lo + (hi - lo) * rng.NextDouble();
}
