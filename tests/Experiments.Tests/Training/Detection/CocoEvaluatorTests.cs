using Xunit;
using Ablation.Experiments.Training.Detection;

namespace Ablation.Experiments.Tests.Training.Detection;

/// <summary>COCO evaluation on cases small enough to work out by hand (the values are derived in each comment).</summary>
public sealed class CocoEvaluatorTests
{
    private static CocoGroundTruth Truth(params (long Image, long Cat, CocoBox Box, bool Crowd)[] objects) => Truth([1, 2], objects);

    private static CocoGroundTruth Truth(long[] categories, params (long Image, long Cat, CocoBox Box, bool Crowd)[] objects)
    {
        var images = objects.Select(o => o.Image).Append(1).Distinct().Select(i => new CocoImage(i)).ToList();
        var anns = objects.Select((o, i) => new CocoAnnotation(i + 1, o.Image, o.Cat, o.Box, o.Box.Area, o.Crowd)).ToList();
        return CocoGroundTruth.Create(images, categories.Select(c => new CocoCategory(c, $"c{c}")).ToList(), anns);
    }

    private static CocoMetrics Evaluate(CocoGroundTruth truth, params CocoDetection[] dets) =>
        new CocoEvaluator().Evaluate(truth, dets).Summarize();

    private static readonly double Below1 = 1 / (1 + 2.220446049250313e-16); // precision 1 as pycocotools computes it

    [Fact]
    public void ExactDetectionScoresOne()
    {
        var m = Evaluate(Truth((1, 1, new CocoBox(10, 10, 20, 20), false)), new CocoDetection(1, 1, new CocoBox(10, 10, 20, 20), 0.9));
        Assert.Equal(Below1, m.Map, 15);
        Assert.Equal(1.0, m.Mar100, 15);
        Assert.Equal(Below1, m.MapSmall, 15); // area 400 < 32^2
        Assert.Equal(-1, m.MapMedium);
        Assert.Equal(-1, m.PerClass[1].Ap); // category 2 has no object
    }

    [Fact]
    public void IouOfExactlyOneHalfMatchesAtThe050ThresholdOnly()
    {
        // Intersection 50, union 100: a hit at 0.50, a miss at 0.55 and above, so AP is 1 at one threshold of ten.
        var m = Evaluate(Truth((1, 1, new CocoBox(0, 0, 10, 10), false)), new CocoDetection(1, 1, new CocoBox(0, 0, 10, 5), 0.9));
        Assert.Equal(Below1 / 10, m.Map, 15);
        Assert.Equal(Below1, m.Map50, 15);
        Assert.Equal(0, m.Map75);
        Assert.Equal(0.1, m.Mar100, 15);
    }

    [Fact]
    public void HitMissHitUsesThePrecisionEnvelope()
    {
        // Precision 1, 1/2, 2/3 at recall 1/2, 1/2, 1; envelope 1, 2/3, 2/3; 51 recall points <= 0.5 take 1,
        // the other 50 take 2/3: AP = (51 + 50 * 2/3) / 101.
        var truth = Truth((1, 1, new CocoBox(0, 0, 10, 10), false), (1, 1, new CocoBox(50, 50, 10, 10), false));
        var m = Evaluate(truth,
            new CocoDetection(1, 1, new CocoBox(0, 0, 10, 10), 0.9),
            new CocoDetection(1, 1, new CocoBox(100, 100, 10, 10), 0.8),
            new CocoDetection(1, 1, new CocoBox(50, 50, 10, 10), 0.7));
        Assert.Equal((51 + 50 * 2.0 / 3) / 101, m.Map, 12);
        Assert.Equal(0.5, m.Mar1, 15);
        Assert.Equal(1.0, m.Mar10, 15);
    }

    [Fact]
    public void OrderOfEqualScoresFollowsInput()
    {
        // Two detections of score 0.5, a miss listed first and a hit second: ranked miss then hit, so precision
        // 0, 1/2 at recall 0, 1 and the envelope gives 1/2 at every recall point: AP = 1/2. Listed the other way
        // round it is 1.
        var truth = Truth((1, 1, new CocoBox(0, 0, 10, 10), false));
        var miss = new CocoDetection(1, 1, new CocoBox(300, 300, 10, 10), 0.5);
        var hit = new CocoDetection(1, 1, new CocoBox(0, 0, 10, 10), 0.5);
        Assert.Equal(0.5, Evaluate(truth, miss, hit).Map, 12);
        Assert.Equal(1.0, Evaluate(truth, hit, miss).Map, 12);
    }

    [Fact]
    public void CrowdRegionAbsorbsDetectionsInsideIt()
    {
        // Both detections inside the crowd cover it by intersection over their own area = 1: ignored, not false
        // positives; the one regular object is found: AP 1. Without iscrowd they would be two false positives ahead.
        var crowd = Truth((1, 1, new CocoBox(0, 0, 100, 100), true), (1, 1, new CocoBox(200, 200, 10, 10), false));
        var dets = new[]
        {
            new CocoDetection(1, 1, new CocoBox(10, 10, 20, 20), 0.95),
            new CocoDetection(1, 1, new CocoBox(50, 50, 10, 10), 0.9),
            new CocoDetection(1, 1, new CocoBox(200, 200, 10, 10), 0.8),
        };
        Assert.Equal(Below1, Evaluate(crowd, dets).Map, 12);
        var regular = Truth((1, 1, new CocoBox(0, 0, 100, 100), false), (1, 1, new CocoBox(200, 200, 10, 10), false));
        Assert.True(Evaluate(regular, dets).Map < 0.5);
    }

    [Fact]
    public void AreaRangesSplitObjectsBySize()
    {
        // A small object (area 100) and a large one (10000 > 96^2), both found; medium has no object: -1.
        var truth = Truth((1, 1, new CocoBox(0, 0, 10, 10), false), (1, 1, new CocoBox(100, 100, 100, 100), false));
        var m = Evaluate(truth, new CocoDetection(1, 1, new CocoBox(0, 0, 10, 10), 0.9), new CocoDetection(1, 1, new CocoBox(100, 100, 100, 100), 0.8));
        Assert.Equal(Below1, m.MapSmall, 12);
        Assert.Equal(Below1, m.MapLarge, 12);
        Assert.Equal(-1, m.MapMedium);
        Assert.Equal(-1, m.MarMedium);
    }

    [Fact]
    public void UnmatchedDetectionOutsideTheRangeIsNotAFalsePositive()
    {
        // One small object found, plus a large unmatched detection scored higher. For "small" that detection is
        // outside the range and ignored: AP_small = 1. For "all" it is a false positive ahead of the hit:
        // precision 0 then 1/2, envelope 1/2: AP = 1/2.
        var truth = Truth((1, 1, new CocoBox(0, 0, 10, 10), false));
        var m = Evaluate(truth, new CocoDetection(1, 1, new CocoBox(200, 200, 120, 120), 0.9), new CocoDetection(1, 1, new CocoBox(0, 0, 10, 10), 0.8));
        Assert.Equal(Below1, m.MapSmall, 12);
        Assert.Equal(0.5, m.Map, 12);
    }

    [Fact]
    public void MaxDetectionsKeepTheHighestScoresPerImage()
    {
        // 101 false positives scored above the hit in one image: with at most 100 kept the hit is dropped (AP 0),
        // recall at 100 detections is 0.
        var truth = Truth((1, 1, new CocoBox(0, 0, 10, 10), false));
        var dets = Enumerable.Range(0, 100).Select(i => new CocoDetection(1, 1, new CocoBox(300 + i, 300, 10, 10), 0.9))
            .Append(new CocoDetection(1, 1, new CocoBox(0, 0, 10, 10), 0.1)).ToArray();
        var m = Evaluate(truth, dets);
        Assert.Equal(0, m.Map);
        Assert.Equal(0, m.Mar100);
    }

    [Fact]
    public void ThresholdsAreNumpysLinspace()
    {
        var p = CocoEvalParams.Default;
        Assert.Equal(10, p.IouThresholds.Length);
        Assert.Equal(101, p.RecallThresholds.Length);
        Assert.Equal(0, p.IouIndex(0.5));
        Assert.Equal(5, p.IouIndex(0.75));
        Assert.Equal(0.5, p.RecallThresholds[50]);
    }

    [Fact]
    public void CrowdOverlapIsIntersectionOverDetectionArea()
    {
        var det = new CocoBox(0, 0, 10, 10);
        var region = new CocoBox(5, 0, 100, 100);
        Assert.Equal(0.5, CocoBox.Overlap(det, region, crowd: true), 15);
        Assert.Equal(50.0 / (100 + 10000 - 50), CocoBox.Overlap(det, region, crowd: false), 15);
        Assert.Equal(0, CocoBox.Overlap(det, new CocoBox(10, 0, 5, 5), crowd: false)); // touching
    }

    [Fact]
    public void UnknownImageOrCategoryIsRefusedWithItsId()
    {
        var truth = Truth((1, 1, new CocoBox(0, 0, 10, 10), false));
        var e = Assert.Throws<ArgumentException>(() => Evaluate(truth, new CocoDetection(7, 1, new CocoBox(0, 0, 1, 1), 0.5)));
        Assert.Contains("image_id: 7", e.Message);
        e = Assert.Throws<ArgumentException>(() => Evaluate(truth, new CocoDetection(1, 9, new CocoBox(0, 0, 1, 1), 0.5)));
        Assert.Contains("category_id: 9", e.Message);
    }
}
