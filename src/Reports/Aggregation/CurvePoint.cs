namespace Ablation.Reports.Aggregation;

/// <summary>A configuration's test top-1 (fraction) and train loss at one epoch, over the seeds that reached it.</summary>
public sealed record CurvePoint(int Epoch, Statistic TestTop1, Statistic TrainLoss);
