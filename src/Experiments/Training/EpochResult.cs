namespace Ablation.Experiments.Training;

/// <summary>
/// One finished epoch (DESIGN.md section 6 <c>epochs</c> row). Epochs count from 1. The test metrics are
/// null for an epoch the recipe's <c>eval_interval</c> does not evaluate. Accuracies are fractions.
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
    double TrainImagesPerSecond);
