namespace Ablation.Reports.Schema;

/// <summary>
/// One row of <c>epochs</c> (DESIGN.md section 6): the metrics at the end of one epoch. <see cref="Epoch"/> counts
/// completed epochs (1 is the end of the first); accuracies are fractions, <see cref="Seconds"/> the epoch's wall time.
/// </summary>
public sealed record EpochRecord(
    string RunId,
    int Epoch,
    double? Lr = null,
    double? TrainLoss = null,
    double? TrainTop1 = null,
    double? TestLoss = null,
    double? TestTop1 = null,
    double? TestTop5 = null,
    double? Seconds = null);
