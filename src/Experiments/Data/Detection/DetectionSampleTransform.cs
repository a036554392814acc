namespace Ablation.Experiments.Data.Detection;

/// <summary>
/// One sample of a detection batch, as YOLOv5's <c>LoadImagesAndLabels.__getitem__</c> builds it: with
/// probability <c>mosaic</c> (while mosaic is open) a <see cref="Mosaic"/>, otherwise the image letterboxed to
/// the input size and, when augmenting, a <see cref="RandomAffine"/>; then the HSV gains and the horizontal
/// flip. Boxes leave as normalised centre and size (ultralytics' targets), clipped to the image less 1e-3 px
/// as its <c>xyxy2xywhn(clip=True)</c> does; boxes left without area are dropped.
/// </summary>
public sealed class DetectionSampleTransform
{
    public DetectionSampleTransform(int size, DetectionAugmentation augmentation)
    {
        if (size < 32 || size % 32 != 0) throw new ArgumentException($"img_size {size}: allowed: a multiple of 32, at least 32 (the detectors' largest stride)");
        Size = size;
        Augmentation = augmentation;
    }

    public int Size { get; }
    public DetectionAugmentation Augmentation { get; }

    /// <summary>The transformed image (Size x Size), its boxes, and the letterbox (identity for a mosaic).</summary>
    public (RgbImage Image, List<LabelBox> Boxes, LetterboxTransform Letterbox) Apply(IDetectionSource source, int index,
        bool mosaicOpen, ref SampleRandom rng)
    {
        var aug = Augmentation;
        RgbImage image;
        List<PixelBox> boxes;
        var letterbox = LetterboxTransform.Identity;
        if (mosaicOpen && aug.Mosaic > 0 && rng.NextDouble() < aug.Mosaic)
            (image, boxes) = Mosaic.Build(source, index, Size, aug, ref rng);
        else
        {
            var sample = source.Load(index);
            (image, letterbox) = Letterbox.Apply(sample.Image, Size);
            var lb = letterbox;
            boxes = sample.Boxes.Select(b =>
            {
                var p = PixelBox.FromLabel(b, sample.Image.Width, sample.Image.Height);
                var (x1, y1) = lb.ToInput(p.X1, p.Y1);
                var (x2, y2) = lb.ToInput(p.X2, p.Y2);
                return new PixelBox(p.Class, x1, y1, x2, y2);
            }).ToList();
            if (aug.HasAffine) (image, boxes) = RandomAffine.Apply(image, boxes, aug, 0, ref rng);
        }
        HsvAugment.Apply(image, aug.HsvH, aug.HsvS, aug.HsvV, ref rng);

        var labels = new List<LabelBox>(boxes.Count);
        float limit = Size - 1e-3f;
        foreach (var b in boxes)
        {
            float x1 = Math.Clamp(b.X1, 0, limit), x2 = Math.Clamp(b.X2, 0, limit);
            float y1 = Math.Clamp(b.Y1, 0, limit), y2 = Math.Clamp(b.Y2, 0, limit);
            if (x2 <= x1 || y2 <= y1) continue;
            labels.Add(new LabelBox(b.Class, (x1 + x2) / 2 / Size, (y1 + y2) / 2 / Size, (x2 - x1) / Size, (y2 - y1) / Size));
        }
        if (aug.FlipLR > 0 && rng.NextDouble() < aug.FlipLR)
        {
            image.FlipHorizontal();
            for (int i = 0; i < labels.Count; i++) labels[i] = labels[i] with { Cx = 1 - labels[i].Cx };
            if (letterbox != LetterboxTransform.Identity) letterbox = LetterboxTransform.Identity; // a flipped image no longer maps back
        }
        return (image, labels, letterbox);
    }
}
