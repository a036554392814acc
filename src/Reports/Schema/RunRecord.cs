namespace Ablation.Reports.Schema;

/// <summary>
/// One row of <c>runs</c> (DESIGN.md section 6): a run's identity, its axes, its state and, once done,
/// its measurements. Units are those of <see cref="ResultsSchema"/> (accuracies as fractions).
/// Measurements are null until known.
/// </summary>
public sealed record RunRecord(
    string RunId,
    string Experiment,
    string Backbone,
    string Attention,
    string AttentionOptions,
    string Placement,
    string Dataset,
    long Seed,
    string Recipe,
    string Status,
    string? Device = null,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? FinishedAt = null,
    string? Error = null,
    long? Params = null,
    long? Macs = null,
    long? PeakMemBytes = null,
    double? TrainImgS = null,
    double? InferImgS = null,
    double? Top1 = null,
    double? Top5 = null,
    double? BestTop1 = null,
    int EpochsDone = 0,
    double? WallS = null,
    string? Engine = null,
    string? CodeVersion = null);
