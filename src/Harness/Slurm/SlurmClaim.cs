namespace Ablation.Harness.Slurm;

/// <summary>
/// Which Slurm array task holds a run: <c>JobId</c> is the task's id (<c>123_4</c>, squeue's <c>%i</c>),
/// <c>Attempt</c> its <c>SLURM_RESTART_COUNT</c> (0 first, +1 per requeue; -1 while only submitted), and
/// <c>State</c> either <c>submitted</c> (written by `ablate run` when it submits the array) or
/// <c>claimed</c> (written by the task itself before it trains). A claim counts only while its job is live.
/// </summary>
public sealed record SlurmClaim(string RunId, string Experiment, string JobId, long ArrayJobId, int ArrayIndex, int Attempt,
    string State, string? Node, DateTimeOffset UpdatedAt)
{
    public const string Submitted = "submitted", Claimed = "claimed";
}
