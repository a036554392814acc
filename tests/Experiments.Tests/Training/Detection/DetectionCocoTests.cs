using Ablation.Experiments.Data.Detection;
using Ablation.Experiments.Tests.Data;
using Ablation.Experiments.Training.Detection;
using Xunit;

namespace Ablation.Experiments.Tests.Training.Detection;

/// <summary>A run's validation split and predictions as COCO files, evaluated end to end.</summary>
public sealed class DetectionCocoTests
{
    private static readonly SyntheticDetectionSet Val = new(new SyntheticDetectionOptions(Count: 8, ImageSize: 128, Seed: 4));

    [Fact]
    public void GroundTruthHoldsEveryLabelInOriginalPixels()
    {
        var gt = DetectionCoco.GroundTruth(Val);
        Assert.Equal(8, gt.Images.Count);
        Assert.Equal(new[] { 0L, 1, 2 }, gt.SortedCategoryIds);
        Assert.Equal("ellipse", gt.Category(1).Name);
        Assert.Equal(Enumerable.Range(0, 8).Sum(i => Val.Labels(i).Count), gt.Annotations.Count);
        var first = Val.Labels(0)[0];
        var a = gt.Annotations[0];
        Assert.Equal(0, a.ImageId);
        Assert.Equal(1, a.Id);
        Assert.Equal((first.Cx - first.W / 2) * 128, a.Bbox.X, 3);
        Assert.Equal(first.W * 128, a.Bbox.Width, 3);
    }

    [Fact]
    public void LetterboxedPerfectPredictionsScoreOneThroughTheFiles()
    {
        // Predict each object exactly, in the network-input pixels of a 64 px letterbox; mapped back they are the
        // ground truth, so every threshold matches: mAP = 1 (up to pycocotools' 1 / (1 + eps)).
        var pipeline = DetectionBatchPipeline.ForEvaluation(Val, 64, 3, threads: 1);
        var detections = new List<CocoDetection>();
        foreach (var batch in pipeline.HostBatches(0))
        {
            foreach (var t in batch.Targets)
            {
                float s = batch.Size;
                detections.Add(DetectionCoco.Detection(batch.Indices[t.ImageIndex], t.Class,
                    (t.Cx - t.W / 2) * s, (t.Cy - t.H / 2) * s, (t.Cx + t.W / 2) * s, (t.Cy + t.H / 2) * s, 0.9f,
                    batch.Letterboxes[t.ImageIndex], batch.OriginalSizes[t.ImageIndex]));
            }
            pipeline.Recycle(batch);
        }
        using var dir = new TempDirectory();
        CocoJson.WriteInstances(dir.File("val_labels.json"), DetectionCoco.GroundTruth(Val));
        CocoJson.WriteResults(dir.File("val_detections.json"), detections);
        var m = CocoFiles.Evaluate(dir.File("val_labels.json"), dir.File("val_detections.json"));
        Assert.True(m.Map > 0.999999, m.ToText());
        Assert.True(m.Mar100 > 0.999999, m.ToText());

        // Shifted by 0.3 of each box's width the IoU is 0.7 / 1.3 = 0.54: a match at 0.50 only, so mAP = 1/10.
        var shifted = detections.Select(d => d with { Bbox = d.Bbox with { X = d.Bbox.X + d.Bbox.Width * 0.3 } }).ToList();
        var gt = DetectionCoco.GroundTruth(Val);
        var ms = new CocoEvaluator().Evaluate(gt, shifted).Summarize();
        Assert.True(ms.Map50 > 0.999999);
        Assert.True(Math.Abs(ms.Map - 0.1) < 1e-6, $"map {ms.Map}");
    }

    [Fact]
    public void DetectionsAreClippedToTheImage()
    {
        var d = DetectionCoco.Detection(3, 1, -10, 5, 70, 40, 0.5f, new LetterboxTransform(0.5f, 0.5f, 0, 8), (100, 50));
        Assert.Equal(new CocoBox(0, 0, 100, 50), d.Bbox);
        Assert.Equal(3, d.ImageId);
    }
}
