namespace Ablation.Experiments.Data.Detection;

/// <summary>
/// YOLOv5's <c>load_mosaic</c>: four images (the sample and three drawn from the whole split, in a random
/// order), each scaled to long side s, placed around a random centre (xc, yc) in U(s/2, 3s/2)² of a 2s x 2s
/// canvas of grey 114 (top-left, top-right, bottom-left, bottom-right), cut at the canvas edge; boxes shifted
/// with their image and clipped to the canvas; then <see cref="RandomAffine"/> with border -s/2 makes it s x s. The four images are drawn straight
/// into the final s x s output through their placement and the affine map (one resampling each, where
/// YOLOv5 resizes, pastes and warps): the same geometry, without the 2s canvas.
/// Draws, in order: yc, xc, the three other indices, the order of the four, then the affine's draws.
/// </summary>
public static class Mosaic
{
    public static (RgbImage Image, List<PixelBox> Boxes) Build(IDetectionSource source, int index, int size,
        DetectionAugmentation aug, ref SampleRandom rng)
    {
        int s = size;
        int yc = (int)(s / 2.0 + rng.NextDouble() * s);
        int xc = (int)(s / 2.0 + rng.NextDouble() * s);
        var indices = new[] { index, rng.Next(source.Count), rng.Next(source.Count), rng.Next(source.Count) };
        for (int i = indices.Length - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (indices[i], indices[j]) = (indices[j], indices[i]);
        }

        var layers = new List<ImageWarp.Layer>(4);
        var boxes = new List<PixelBox>();
        for (int i = 0; i < 4; i++)
        {
            var sample = source.Load(indices[i]);
            var (w, h) = Letterbox.LongSideSize(sample.Image.Width, sample.Image.Height, s);
            int x1a, y1a, x2a, y2a, x1b, y1b;
            switch (i)
            {
                case 0: x1a = Math.Max(xc - w, 0); y1a = Math.Max(yc - h, 0); x2a = xc; y2a = yc; x1b = w - (x2a - x1a); y1b = h - (y2a - y1a); break;
                case 1: x1a = xc; y1a = Math.Max(yc - h, 0); x2a = Math.Min(xc + w, 2 * s); y2a = yc; x1b = 0; y1b = h - (y2a - y1a); break;
                case 2: x1a = Math.Max(xc - w, 0); y1a = yc; x2a = xc; y2a = Math.Min(2 * s, yc + h); x1b = w - (x2a - x1a); y1b = 0; break;
                default: x1a = xc; y1a = yc; x2a = Math.Min(xc + w, 2 * s); y2a = Math.Min(2 * s, yc + h); x1b = 0; y1b = 0; break;
            }
            int padw = x1a - x1b, padh = y1a - y1b;
            var place = Affine2D.Scale((double)w / sample.Image.Width, (double)h / sample.Image.Height).Then(Affine2D.Translate(padw, padh));
            layers.Add(new ImageWarp.Layer(sample.Image, place, x1a, y1a, x2a, y2a));
            foreach (var b in sample.Boxes)
            {
                var p = PixelBox.FromLabel(b, w, h);
                boxes.Add(new PixelBox(p.Class, p.X1 + padw, p.Y1 + padh, p.X2 + padw, p.Y2 + padh).Clip(2 * s, 2 * s));
            }
        }
        var (map, scale, width, height) = RandomAffine.Draw(2 * s, 2 * s, aug, -s / 2, ref rng);
        return (ImageWarp.Compose(width, height, map, layers), RandomAffine.MoveBoxes(boxes, map, scale, width, height));
    }
}
