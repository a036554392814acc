namespace Ablation.Reports.Schema;

/// <summary>
/// One row of <c>runs</c> (DESIGN.md section 6): a run's identity, its axes, its state and, once done,
/// its measurements. Units are those of <see cref="ResultsSchema"/> (accuracies as fractions).
/// Measurements are null until known; the throughput fields of version 2 (<see cref="ThroughputMethod"/>,
/// <see cref="LoadAvg"/>, Bench*) are described in <see cref="ResultsSchema"/>.
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
    string? CodeVersion = null,
    double? LoadAvg = null,
    string? ThroughputMethod = null,
    int? BenchBatch = null,
    int? BenchSteps = null,
    int? BenchThreads = null);
