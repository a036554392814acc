namespace Ablation.Experiments.Data.Detection;

/// <summary>One image of a detection data set with its objects (normalised boxes, as in the label file).</summary>
public sealed record DetectionSample(RgbImage Image, IReadOnlyList<LabelBox> Boxes);
