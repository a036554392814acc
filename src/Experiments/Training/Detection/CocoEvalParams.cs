namespace Ablation.Experiments.Training.Detection;

/// <summary>
/// The parameters of COCO bbox evaluation (pycocotools' <c>Params.setDetParams</c>): ten IoU thresholds
/// 0.50:0.05:0.95, 101 recall points 0:0.01:1, at most 1, 10 and 100 detections per image and category,
/// and the four area ranges. The thresholds are computed as numpy's <c>linspace</c> computes them
/// (<c>start + i * (stop - start) / (n - 1)</c>, the last one set to <c>stop</c>), so the comparisons with IoUs
/// and recalls fall on the same side as in pycocotools.
/// </summary>
public sealed record CocoEvalParams
{
    public static readonly CocoEvalParams Default = new();

    public double[] IouThresholds { get; init; } = Linspace(0.5, 0.95, 10);
    public double[] RecallThresholds { get; init; } = Linspace(0.0, 1.0, 101);
    public int[] MaxDetections { get; init; } = [1, 10, 100];
    public AreaRange[] AreaRanges { get; init; } = [AreaRange.All, AreaRange.Small, AreaRange.Medium, AreaRange.Large];

    public static double[] Linspace(double start, double stop, int count)
    {
        var values = new double[count];
        double step = (stop - start) / (count - 1);
        for (int i = 0; i < count; i++) values[i] = i * step + start;
        values[count - 1] = stop;
        return values;
    }

    /// <summary>The index of an IoU threshold (0.5 or 0.75 for AP50 and AP75), compared exactly as pycocotools does.</summary>
    public int IouIndex(double threshold) => Array.IndexOf(IouThresholds, threshold);
}
