namespace Ablation.Experiments.Training.Detection;

/// <summary>
/// A ground-truth object of an instances file. <see cref="Area"/> is the annotation's own <c>area</c> field
/// (for COCO the segmentation's area, not the box's): the area ranges small/medium/large are decided on it,
/// as pycocotools does. <see cref="IsCrowd"/> regions are never counted as misses and absorb the detections
/// inside them.
/// </summary>
public sealed record CocoAnnotation(long Id, long ImageId, long CategoryId, CocoBox Bbox, double Area, bool IsCrowd = false);
