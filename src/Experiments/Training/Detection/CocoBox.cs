namespace Ablation.Experiments.Training.Detection;

/// <summary>
/// A box as COCO writes it: top-left corner and size in pixels, <c>[x, y, width, height]</c>.
/// </summary>
public readonly record struct CocoBox(double X, double Y, double Width, double Height)
{
    public double Area => Width * Height;

    /// <summary>
    /// Overlap of a detection with a ground-truth box, as pycocotools' bbox IoU (maskApi.c <c>bbIou</c>):
    /// intersection over union, or, when the ground truth is a crowd region, intersection over the
    /// detection's own area (a detection inside a crowd counts as covered by it). Widths and heights are
    /// continuous (no "+1" pixel convention); boxes that only touch have overlap 0.
    /// </summary>
    public static double Overlap(CocoBox detection, CocoBox truth, bool crowd)
    {
        double w = Math.Min(detection.X + detection.Width, truth.X + truth.Width) - Math.Max(detection.X, truth.X);
        if (w <= 0) return 0;
        double h = Math.Min(detection.Y + detection.Height, truth.Y + truth.Height) - Math.Max(detection.Y, truth.Y);
        if (h <= 0) return 0;
        double intersection = w * h;
        double union = crowd ? detection.Area : detection.Area + truth.Area - intersection;
        return intersection / union;
    }
}
