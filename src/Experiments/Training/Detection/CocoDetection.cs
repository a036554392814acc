namespace Ablation.Experiments.Training.Detection;

/// <summary>One entry of a COCO results file (what pycocotools' <c>loadRes</c> reads for bbox results).</summary>
public sealed record CocoDetection(long ImageId, long CategoryId, CocoBox Bbox, double Score);
