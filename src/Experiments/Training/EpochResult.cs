namespace Ablation.Experiments.Training;

/// <summary>
/// One finished epoch (DESIGN.md section 6 <c>epochs</c> row). Epochs count from 1. The test metrics are
/// null for an epoch the recipe's <c>eval_interval</c> does not evaluate. Accuracies are fractions. A detector's epochs carry
/// COCO mAP (0.50:0.95, 0.50, 0.75) of the validation split instead of top-1/top-5, and their train loss is YOLOv5's.
/// </summary>
public sealed record EpochResult(
    int Epoch,
    double Lr,
    double TrainLoss,
    double TrainTop1,
    double? TestLoss,
    double? TestTop1,
    double? TestTop5,
    double Seconds,
    double TrainImagesPerSecond,
    double? Map = null,
    double? Map50 = null,
    double? Map75 = null);
