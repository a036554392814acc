namespace Ablation.Experiments.Training.Detection;

/// <summary>One category's AP (IoU 0.50:0.95) and AP50, area all, 100 detections; -1 when it has no ground truth.</summary>
public sealed record CocoClassAp(long Id, string Name, double Ap, double Ap50);
