namespace Ablation.Experiments.Training.Detection;

/// <summary>
/// Precision and recall over all images (pycocotools' <c>accumulate</c>), and the summary numbers
/// (<c>summarize</c>). For each category, area range and max-detections: the kept detections of all images
/// are merged by descending score (stable: images in ascending id order, then score order), true and false
/// positives (ignored detections neither) are accumulated, precision is made monotone from the right
/// (the precision envelope), and sampled at the 101 recall points: the first detection whose recall reaches
/// the point gives its precision, 0 when recall never gets there. A category with no regular ground truth
/// in the range keeps -1 (undefined), and means skip -1 entries, so AP is the mean over 10 thresholds x 101
/// recall points x the categories where it is defined.
/// </summary>
public sealed class CocoAccumulation
{
    private CocoAccumulation(CocoEvalParams parameters, long[] categoryIds, double[,,,,] precision, double[,,,] recall)
    {
        Params = parameters;
        CategoryIds = categoryIds;
        Precision = precision;
        Recall = recall;
    }

    /// <summary>numpy's <c>np.spacing(1)</c> (2^-52), which pycocotools adds to the precision's denominator.</summary>
    private const double Spacing1 = 2.220446049250313e-16;

    public CocoEvalParams Params { get; }
    public long[] CategoryIds { get; }

    /// <summary>[threshold, recall point, category, area range, max detections]; -1 where undefined.</summary>
    public double[,,,,] Precision { get; }

    /// <summary>[threshold, category, area range, max detections]: the final recall; -1 where undefined.</summary>
    public double[,,,] Recall { get; }

    internal static CocoAccumulation Accumulate(CocoEvalParams p, long[] categoryIds, ImageEvaluation?[][][] evaluations)
    {
        int T = p.IouThresholds.Length, R = p.RecallThresholds.Length, K = categoryIds.Length;
        int A = p.AreaRanges.Length, M = p.MaxDetections.Length;
        var precision = new double[T, R, K, A, M];
        var recall = new double[T, K, A, M];
        Fill(precision, -1);
        Fill(recall, -1);

        for (int k = 0; k < K; k++)
        for (int a = 0; a < A; a++)
        for (int m = 0; m < M; m++)
        {
            int maxDet = p.MaxDetections[m];
            var images = evaluations[k][a].Where(e => e is not null).Select(e => e!).ToArray();
            if (images.Length == 0) continue;
            int regular = images.Sum(e => e.TruthIgnored.Count(ig => !ig));
            if (regular == 0) continue;

            // The kept detections of every image, then a stable sort by descending score.
            var kept = new List<(ImageEvaluation Image, int Detection)>();
            foreach (var e in images)
                for (int d = 0; d < Math.Min(maxDet, e.Scores.Length); d++) kept.Add((e, d));
            var ranked = kept.Select((x, i) => (x, i)).OrderByDescending(y => y.x.Image.Scores[y.x.Detection])
                .ThenBy(y => y.i).Select(y => y.x).ToArray();
            int n = ranked.Length;

            var rc = new double[n];
            var pr = new double[n];
            for (int t = 0; t < T; t++)
            {
                double tp = 0, fp = 0;
                for (int i = 0; i < n; i++)
                {
                    var (e, d) = ranked[i];
                    if (!e.DetectionIgnored[t, d])
                    {
                        if (e.Matched[t, d]) tp++;
                        else fp++;
                    }
                    rc[i] = tp / regular;
                    pr[i] = tp / (fp + tp + Spacing1);
                }
                recall[t, k, a, m] = n > 0 ? rc[n - 1] : 0;
                for (int i = n - 1; i > 0; i--)
                    if (pr[i] > pr[i - 1]) pr[i - 1] = pr[i];
                int j = 0;
                for (int r = 0; r < R; r++)
                {
                    double point = p.RecallThresholds[r];
                    while (j < n && rc[j] < point) j++; // numpy searchsorted(side='left'): first rc >= point
                    precision[t, r, k, a, m] = j < n ? pr[j] : 0;
                }
            }
        }
        return new CocoAccumulation(p, categoryIds, precision, recall);
    }

    /// <summary>
    /// Mean precision over the thresholds (all, or the one given), recall points and categories (all, or the
    /// one given) in one area range and max-detections, skipping undefined entries; -1 when none is defined.
    /// </summary>
    public double AveragePrecision(double? iouThreshold = null, string area = "all", int maxDets = 100, int? category = null)
    {
        int a = AreaIndex(area), m = MaxDetIndex(maxDets);
        var ts = ThresholdIndices(iouThreshold);
        double sum = 0;
        long count = 0;
        foreach (int t in ts)
        for (int r = 0; r < Params.RecallThresholds.Length; r++)
        for (int k = 0; k < CategoryIds.Length; k++)
        {
            if (category is { } only && only != k) continue;
            double v = Precision[t, r, k, a, m];
            if (v > -1) { sum += v; count++; }
        }
        return count == 0 ? -1 : sum / count;
    }

    /// <summary>Mean final recall over thresholds and categories, skipping undefined entries; -1 when none is defined.</summary>
    public double AverageRecall(double? iouThreshold = null, string area = "all", int maxDets = 100)
    {
        int a = AreaIndex(area), m = MaxDetIndex(maxDets);
        double sum = 0;
        long count = 0;
        foreach (int t in ThresholdIndices(iouThreshold))
        for (int k = 0; k < CategoryIds.Length; k++)
        {
            double v = Recall[t, k, a, m];
            if (v > -1) { sum += v; count++; }
        }
        return count == 0 ? -1 : sum / count;
    }

    /// <summary>pycocotools' twelve <c>stats</c> plus AP and AP50 per category (in ascending category id).</summary>
    public CocoMetrics Summarize(Func<long, string>? categoryName = null)
    {
        var perClass = CategoryIds.Select((id, k) => new CocoClassAp(id, categoryName?.Invoke(id) ?? id.ToString(),
            AveragePrecision(category: k), AveragePrecision(0.5, category: k))).ToArray();
        return new CocoMetrics(
            Map: AveragePrecision(), Map50: AveragePrecision(0.5), Map75: AveragePrecision(0.75),
            MapSmall: AveragePrecision(area: "small"), MapMedium: AveragePrecision(area: "medium"), MapLarge: AveragePrecision(area: "large"),
            Mar1: AverageRecall(maxDets: 1), Mar10: AverageRecall(maxDets: 10), Mar100: AverageRecall(),
            MarSmall: AverageRecall(area: "small"), MarMedium: AverageRecall(area: "medium"), MarLarge: AverageRecall(area: "large"),
            PerClass: perClass);
    }

    private int[] ThresholdIndices(double? iouThreshold)
    {
        if (iouThreshold is not { } thr) return Enumerable.Range(0, Params.IouThresholds.Length).ToArray();
        int t = Params.IouIndex(thr);
        return t < 0 ? [] : [t];
    }

    private int AreaIndex(string label)
    {
        int a = Array.FindIndex(Params.AreaRanges, r => r.Label == label);
        return a >= 0 ? a : throw new ArgumentException($"area range '{label}' is not evaluated, allowed: {string.Join(", ", Params.AreaRanges.Select(r => r.Label))}");
    }

    private int MaxDetIndex(int maxDets)
    {
        int m = Array.IndexOf(Params.MaxDetections, maxDets);
        return m >= 0 ? m : throw new ArgumentException($"maxDets {maxDets} is not evaluated, allowed: {string.Join(", ", Params.MaxDetections)}");
    }

    private static void Fill(Array array, double value)
    {
        var span = System.Runtime.InteropServices.MemoryMarshal.CreateSpan(
            ref System.Runtime.CompilerServices.Unsafe.As<byte, double>(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(array)),
            array.Length);
        span.Fill(value);
    }
}
