using System.Globalization;

namespace Ablation.Harness.Slurm;

/// <summary>
/// Who this array task is, from the variables Slurm sets in its environment: SLURM_ARRAY_JOB_ID,
/// SLURM_ARRAY_TASK_ID, SLURM_RESTART_COUNT (0 unless requeued), SLURMD_NODENAME.
/// </summary>
public sealed record SlurmTaskIdentity(long ArrayJobId, int ArrayIndex, int Attempt, string? Node)
{
    /// <summary>squeue's id of the task, <c>&lt;array job&gt;_&lt;index&gt;</c>.</summary>
    public string JobId => $"{ArrayJobId}_{ArrayIndex}";

    public static SlurmTaskIdentity FromEnvironment()
    {
        long Number(string name) =>
            long.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
                ? v : throw new ArgumentException($"{name}: not set; `ablate worker --manifest` runs inside a Slurm array task (ablate run --executor slurm submits it)");
        int restarts = int.TryParse(Environment.GetEnvironmentVariable("SLURM_RESTART_COUNT"), out var r) ? r : 0;
        return new SlurmTaskIdentity(Number("SLURM_ARRAY_JOB_ID"), (int)Number("SLURM_ARRAY_TASK_ID"), restarts,
            Environment.GetEnvironmentVariable("SLURMD_NODENAME"));
    }
}
