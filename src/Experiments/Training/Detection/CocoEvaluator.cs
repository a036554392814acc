namespace Ablation.Experiments.Training.Detection;

/// <summary>
/// COCO bbox evaluation with pycocotools' semantics (cocoapi PythonAPI/pycocotools/cocoeval.py, the
/// <c>evaluate</c> and <c>evaluateImg</c> steps; <see cref="CocoAccumulation"/> is <c>accumulate</c> and
/// <c>summarize</c>). Per image and category: detections sorted by score (stable), at most the largest
/// max-detections kept; ground truths that are crowd regions or outside the area range are "ignored" and
/// sorted last; then for every IoU threshold each detection, in score order, takes the unmatched
/// ground truth of highest IoU at or above the threshold (a crowd region may be taken again), preferring
/// a regular ground truth over an ignored one. Detections matched to an ignored ground truth, or unmatched
/// and themselves outside the area range, are ignored (neither true nor false positives).
/// <para>
/// One deliberate difference: pycocotools records a match by storing the partner's id and tests it for
/// non-zero, so a ground truth whose id is 0 never counts as matched; here a match is a flag, whatever the ids.
/// </para>
/// </summary>
public sealed class CocoEvaluator
{
    public CocoEvaluator(CocoEvalParams? parameters = null) => Params = parameters ?? CocoEvalParams.Default;

    public CocoEvalParams Params { get; }

    /// <summary>Evaluates detections against ground truth; detections must name known images and categories.</summary>
    public CocoAccumulation Evaluate(CocoGroundTruth truth, IReadOnlyList<CocoDetection> detections)
    {
        truth.CheckDetections(detections);
        var imageIds = truth.SortedImageIds;
        var categoryIds = truth.SortedCategoryIds;
        var truthByKey = Group(truth.Annotations, a => (a.ImageId, a.CategoryId));
        var detectionsByKey = Group(detections, d => (d.ImageId, d.CategoryId));
        int maxDet = Params.MaxDetections.Max();
        var areas = Params.AreaRanges;

        // evaluations[k][a][i]: null where the image has neither ground truth nor detections of the category.
        var evaluations = new ImageEvaluation?[categoryIds.Length][][];
        for (int k = 0; k < categoryIds.Length; k++)
        {
            evaluations[k] = new ImageEvaluation?[areas.Length][];
            for (int a = 0; a < areas.Length; a++) evaluations[k][a] = new ImageEvaluation?[imageIds.Length];
            for (int i = 0; i < imageIds.Length; i++)
            {
                var key = (imageIds[i], categoryIds[k]);
                var gts = truthByKey.GetValueOrDefault(key) ?? [];
                var dts = detectionsByKey.GetValueOrDefault(key) ?? [];
                if (gts.Count == 0 && dts.Count == 0) continue;
                var sorted = ByScore(dts).Take(maxDet).ToArray();
                var ious = Overlaps(sorted, gts);
                for (int a = 0; a < areas.Length; a++)
                    evaluations[k][a][i] = EvaluateImage(gts, sorted, ious, areas[a], maxDet);
            }
        }
        return CocoAccumulation.Accumulate(Params, categoryIds, evaluations);
    }

    /// <summary>Detections by descending score; equal scores keep their input order (numpy's stable mergesort).</summary>
    internal static IEnumerable<CocoDetection> ByScore(IReadOnlyList<CocoDetection> detections) =>
        detections.Select((d, i) => (d, i)).OrderByDescending(p => p.d.Score).ThenBy(p => p.i).Select(p => p.d);

    private static double[,] Overlaps(CocoDetection[] detections, IReadOnlyList<CocoAnnotation> truths)
    {
        var ious = new double[detections.Length, truths.Count];
        for (int d = 0; d < detections.Length; d++)
        for (int g = 0; g < truths.Count; g++)
            ious[d, g] = CocoBox.Overlap(detections[d].Bbox, truths[g].Bbox, truths[g].IsCrowd);
        return ious;
    }

    /// <summary>pycocotools' <c>evaluateImg</c> for one image, category and area range.</summary>
    internal ImageEvaluation EvaluateImage(IReadOnlyList<CocoAnnotation> truths, CocoDetection[] detections,
        double[,] ious, AreaRange area, int maxDet)
    {
        var thresholds = Params.IouThresholds;
        int T = thresholds.Length, G = truths.Count, D = Math.Min(detections.Length, maxDet);

        // Ground truths: regular first, then ignored, each group in input order (a stable sort on the flag).
        var order = Enumerable.Range(0, G).OrderBy(g => Ignored(truths[g], area) ? 1 : 0).ToArray();
        var ignored = order.Select(g => Ignored(truths[g], area)).ToArray();
        var crowd = order.Select(g => truths[g].IsCrowd).ToArray();

        var truthMatched = new bool[T, G];
        var matched = new bool[T, D];
        var detectionIgnored = new bool[T, D];
        for (int t = 0; t < T; t++)
        for (int d = 0; d < D; d++)
        {
            double best = Math.Min(thresholds[t], 1 - 1e-10);
            int m = -1;
            for (int g = 0; g < G; g++)
            {
                if (truthMatched[t, g] && !crowd[g]) continue;
                if (m > -1 && !ignored[m] && ignored[g]) break; // already on a regular ground truth: ignored ones cannot win
                double iou = ious[d, order[g]];
                if (iou < best) continue;
                best = iou;
                m = g;
            }
            if (m == -1) continue;
            matched[t, d] = true;
            detectionIgnored[t, d] = ignored[m];
            truthMatched[t, m] = true;
        }
        // An unmatched detection outside the area range belongs to another bucket: neither TP nor FP here.
        for (int d = 0; d < D; d++)
            if (!area.Contains(detections[d].Bbox.Area))
                for (int t = 0; t < T; t++)
                    if (!matched[t, d]) detectionIgnored[t, d] = true;

        var scores = new double[D];
        for (int d = 0; d < D; d++) scores[d] = detections[d].Score;
        return new ImageEvaluation(scores, matched, detectionIgnored, ignored);
    }

    private static bool Ignored(CocoAnnotation truth, AreaRange area) => truth.IsCrowd || !area.Contains(truth.Area);

    private static Dictionary<(long, long), List<T>> Group<T>(IEnumerable<T> items, Func<T, (long, long)> key)
    {
        var groups = new Dictionary<(long, long), List<T>>();
        foreach (var item in items)
        {
            var k = key(item);
            if (!groups.TryGetValue(k, out var list)) groups[k] = list = [];
            list.Add(item);
        }
        return groups;
    }
}
