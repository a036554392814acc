namespace Ablation.Reports.Schema;

/// <summary>
/// One row of <c>epochs</c> (DESIGN.md section 6): the metrics at the end of one epoch. <see cref="Epoch"/> counts
/// completed epochs (1 is the end of the first); accuracies are fractions, <see cref="Seconds"/> the epoch's wall time.
/// A detector's epochs carry its validation COCO mAP (<see cref="Map"/> at IoU 0.50:0.95, <see cref="Map50"/>,
/// <see cref="Map75"/>; fractions, schema version 4) and no test top-1.
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
    double? Seconds = null,
    double? Map = null,
    double? Map50 = null,
    double? Map75 = null);
