namespace Ablation.Experiments.Training.Detection;

/// <summary>
/// Evaluation of two COCO files (what <c>ablate evaluate</c> does): the instances file and a results file,
/// read as pycocotools' <c>COCO(gt)</c> and <c>loadRes(dets)</c> read them, then evaluated. Defects are
/// <see cref="Data.DataFormatException"/>s naming the file.
/// </summary>
public static class CocoFiles
{
    public static CocoMetrics Evaluate(string annotationsPath, string detectionsPath)
    {
        var truth = CocoJson.ReadInstances(annotationsPath);
        var detections = CocoJson.ReadResults(detectionsPath, truth);
        return new CocoEvaluator().Evaluate(truth, detections).Summarize(id => truth.Category(id).Name);
    }
}
