using Ablation.Reports.Schema;

namespace Ablation.Harness.Runs;

/// <summary>
/// A run's state as `plan` and `status` show it: <c>new</c> when the store has never seen it, else its row's
/// status, except that a row marked running whose lock nobody holds was killed and shows as interrupted.
/// </summary>
public static class RunStates
{
    public const string New = "new";

    public static readonly IReadOnlyList<string> Order = [New, RunStatus.Pending, RunStatus.Running, RunStatus.Interrupted, RunStatus.Failed, RunStatus.Done];

    public static string Of(RunRecord? row, string resultsDir)
    {
        if (row is null) return New;
        if (row.Status == RunStatus.Running)
        {
            var dir = new RunDirectory(Path.Combine(resultsDir, row.Experiment, row.RunId));
            if (!dir.IsLocked()) return RunStatus.Interrupted;
        }
        return row.Status;
    }
}
