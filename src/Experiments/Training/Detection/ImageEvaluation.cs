namespace Ablation.Experiments.Training.Detection;

/// <summary>
/// The matching of one image and category within one area range (pycocotools' <c>evaluateImg</c> result):
/// the kept detections' scores in descending order, for each IoU threshold whether each detection matched
/// a ground truth and whether it is ignored, and which ground truths are ignored (crowd or outside the range).
/// </summary>
public sealed class ImageEvaluation
{
    public ImageEvaluation(double[] scores, bool[,] matched, bool[,] detectionIgnored, bool[] truthIgnored)
    {
        Scores = scores;
        Matched = matched;
        DetectionIgnored = detectionIgnored;
        TruthIgnored = truthIgnored;
    }

    /// <summary>Scores of the kept detections, highest first (ties in input order).</summary>
    public double[] Scores { get; }

    /// <summary>[threshold, detection]: matched a ground truth (possibly an ignored one).</summary>
    public bool[,] Matched { get; }

    /// <summary>[threshold, detection]: matched an ignored ground truth, or unmatched and outside the area range.</summary>
    public bool[,] DetectionIgnored { get; }

    /// <summary>Per ground truth: crowd, or its area outside the range.</summary>
    public bool[] TruthIgnored { get; }
}
