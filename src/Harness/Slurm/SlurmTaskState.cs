namespace Ablation.Harness.Slurm;

/// <summary>
/// One array task as <c>squeue -r</c> shows it: <c>JobId</c> is squeue's <c>%i</c> for an array task,
/// <c>&lt;array job id&gt;_&lt;index&gt;</c>, the name <c>scancel</c>, <c>scontrol</c> and the claims use.
/// </summary>
public sealed record SlurmTaskState(string JobId, string State, string? Node, string? Reason)
{
    /// <summary>
    /// States in which the task may still run or run again (pending, running, held, requeued, being signalled
    /// or completing: its worker may still be writing). Finished tasks (COMPLETED, CANCELLED, FAILED, TIMEOUT,
    /// NODE_FAIL, OUT_OF_MEMORY, PREEMPTED, ...) shown until MinJobAge passes are not live.
    /// </summary>
    private static readonly HashSet<string> LiveStates =
    [
        "PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED",
        "RESIZING", "SIGNALING", "STAGE_OUT", "STOPPED", "SPECIAL_EXIT", "RESV_DEL_HOLD",
    ];

    public bool IsLive => LiveStates.Contains(State);

    /// <summary>The array job id of <c>123_4</c>: <c>123</c>.</summary>
    public static string ArrayJobOf(string jobId) => jobId.Split('_')[0];

    /// <summary>Parses one line of <c>squeue -h -r -o "%i|%T|%N|%r"</c>; null for a line of another shape.</summary>
    public static SlurmTaskState? Parse(string line)
    {
        var parts = line.Trim().Split('|');
        if (parts.Length < 2 || parts[0].Length == 0) return null;
        string? Opt(int i) => parts.Length > i && parts[i] is { Length: > 0 } v && v != "(null)" ? v : null;
        return new SlurmTaskState(parts[0], parts[1], Opt(2), Opt(3));
    }

    public override string ToString() => State.ToLowerInvariant() + (Node is { } n ? $" on {n}" : Reason is { } r && r != "None" ? $" ({r})" : "");
}
