namespace Ablation.Reports.Schema;

/// <summary>The values of <c>runs.status</c> (DESIGN.md section 6).</summary>
public static class RunStatus
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Interrupted = "interrupted";

    public static readonly IReadOnlyList<string> All = [Pending, Running, Done, Failed, Interrupted];
}
