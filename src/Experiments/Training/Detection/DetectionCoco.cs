using Ablation.Experiments.Data.Detection;

namespace Ablation.Experiments.Training.Detection;

/// <summary>
/// A run's validation split and predictions in COCO form, so each run can write its val labels as an
/// instances file and its detections as a results file that pycocotools (or <c>ablate evaluate</c>) reads.
/// Ids: image id = the image's index in the split, category id = the class index (ultralytics' convention
/// for data sets other than COCO itself), annotation ids 1, 2, ... (pycocotools needs them non-zero).
/// Boxes are in the original image's pixels.
/// </summary>
public static class DetectionCoco
{
    public static CocoGroundTruth GroundTruth(IDetectionSource split)
    {
        var images = new List<CocoImage>(split.Count);
        var annotations = new List<CocoAnnotation>();
        for (int i = 0; i < split.Count; i++)
        {
            var (w, h) = split.ImageSize(i);
            images.Add(new CocoImage(i, split.ImageName(i), w, h));
            foreach (var b in split.Labels(i))
            {
                var box = new CocoBox((b.Cx - b.W / 2) * (double)w, (b.Cy - b.H / 2) * (double)h, b.W * (double)w, b.H * (double)h);
                annotations.Add(new CocoAnnotation(annotations.Count + 1, i, b.Class, box, box.Area));
            }
        }
        var categories = split.Names.Select((n, c) => new CocoCategory(c, n)).ToList();
        return CocoGroundTruth.Create(images, categories, annotations);
    }

    /// <summary>
    /// A prediction (corners in network-input pixels) as a COCO detection of image <paramref name="imageIndex"/>:
    /// mapped back through the image's letterbox and clipped to the original image.
    /// </summary>
    public static CocoDetection Detection(int imageIndex, int cls, float x1, float y1, float x2, float y2, float score,
        LetterboxTransform letterbox, (int Width, int Height) original)
    {
        var (ox1, oy1) = letterbox.ToOriginal(x1, y1);
        var (ox2, oy2) = letterbox.ToOriginal(x2, y2);
        double cx1 = Math.Clamp(ox1, 0, original.Width), cy1 = Math.Clamp(oy1, 0, original.Height);
        double cx2 = Math.Clamp(ox2, 0, original.Width), cy2 = Math.Clamp(oy2, 0, original.Height);
        return new CocoDetection(imageIndex, cls, new CocoBox(cx1, cy1, Math.Max(0, cx2 - cx1), Math.Max(0, cy2 - cy1)), score);
    }
}
