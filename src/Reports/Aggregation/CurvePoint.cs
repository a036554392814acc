namespace Ablation.Reports.Aggregation;

/// <summary>
/// A configuration's primary metric at one epoch (test top-1, or a detector's validation mAP@0.5:0.95; fractions)
/// and its train loss, over the seeds that reached it.
/// </summary>
public sealed record CurvePoint(int Epoch, Statistic Primary, Statistic TrainLoss);
