namespace Ablation.Harness.Slurm;

/// <summary>
/// How `ablate run --executor slurm` submits and follows: resources per task, where results and the store
/// are (the results folder must be one every node sees; the store must be PostgreSQL), whether to return
/// right after submitting, and how often to ask squeue while following (ABLATE_SLURM_POLL_SECONDS, default 30).
/// </summary>
public sealed record SlurmSweepOptions
{
    public const string PollVariable = "ABLATE_SLURM_POLL_SECONDS";

    public required string ResultsDir { get; init; }
    public required string StoreLocation { get; init; }
    public SlurmResources Resources { get; init; } = new();
    public bool RetryFailed { get; init; }
    public bool Detach { get; init; }

    /// <summary>Seconds between squeue calls while following (one call for every job of the sweep).</summary>
    public double QueuePollSeconds { get; init; } =
        double.TryParse(Environment.GetEnvironmentVariable(PollVariable), System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 30;

    /// <summary>Seconds between reads of the store (one query for the experiment's runs) while following.</summary>
    public double StorePollSeconds { get; init; } = 2;
}
