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
        int width = image.Width + 2 * border, height = image.Height + 2 * border;
        double angle = Uniform(ref rng, -aug.Degrees, aug.Degrees) * Math.PI / 180;
        double s = Uniform(ref rng, 1 - aug.Scale, 1 + aug.Scale);
        double shx = Math.Tan(Uniform(ref rng, -aug.Shear, aug.Shear) * Math.PI / 180);
        double shy = Math.Tan(Uniform(ref rng, -aug.Shear, aug.Shear) * Math.PI / 180);
        double tx = Uniform(ref rng, 0.5 - aug.Translate, 0.5 + aug.Translate) * width;
        double ty = Uniform(ref rng, 0.5 - aug.Translate, 0.5 + aug.Translate) * height;

        // R: OpenCV's getRotationMatrix2D(centre (0, 0), angle, scale) = [[s cos, s sin], [-s sin, s cos]].
        double r00 = s * Math.Cos(angle), r01 = s * Math.Sin(angle), r10 = -r01, r11 = r00;
        // S · R
        double m00 = r00 + shx * r10, m01 = r01 + shx * r11, m10 = shy * r00 + r10, m11 = shy * r01 + r11;
        // (S · R) · C, then T: the translation part.
        double cx = -image.Width / 2.0, cy = -image.Height / 2.0;
        double m02 = m00 * cx + m01 * cy + tx, m12 = m10 * cx + m11 * cy + ty;

        bool identity = border == 0 && m00 == 1 && m01 == 0 && m10 == 0 && m11 == 1 && m02 == 0 && m12 == 0;
        var output = identity ? image : ImageWarp.Affine(image, width, height, m00, m01, m02, m10, m11, m12);

        var kept = new List<PixelBox>(boxes.Count);
        foreach (var box in boxes)
        {
            float minX = float.MaxValue, minY = float.MaxValue, maxX = float.MinValue, maxY = float.MinValue;
            foreach (var (x, y) in new[] { (box.X1, box.Y1), (box.X2, box.Y2), (box.X1, box.Y2), (box.X2, box.Y1) })
            {
                float nx = (float)(m00 * x + m01 * y + m02), ny = (float)(m10 * x + m11 * y + m12);
                minX = Math.Min(minX, nx); maxX = Math.Max(maxX, nx);
                minY = Math.Min(minY, ny); maxY = Math.Max(maxY, ny);
            }
            var moved = new PixelBox(box.Class, minX, minY, maxX, maxY).Clip(width, height);
            if (IsCandidate(box.Width * (float)s, box.Height * (float)s, moved.Width, moved.Height)) kept.Add(moved);
        }
        return (output, kept);
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
