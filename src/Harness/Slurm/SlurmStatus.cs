using Ablation.Harness.Store;
using Ablation.Reports.Schema;

namespace Ablation.Harness.Slurm;

/// <summary>
/// What `ablate status` adds for runs that Slurm holds: the state from squeue (a run whose task is pending
/// shows as pending, a running task as running, a run marked running whose task is gone as interrupted)
/// and one line per such run naming its job, task, node and attempt. Finished runs need no line.
/// </summary>
public static class SlurmStatus
{
    public static (List<(string Experiment, string RunId, string State, RunRecord? Row)> Entries, IReadOnlyDictionary<string, string> Lines)
        Refine(IResultStore store, List<(string Experiment, string RunId, string State, RunRecord? Row)> entries)
    {
        var lines = new Dictionary<string, string>();
        if (store is not PostgresResultStore) return (entries, lines);
        var refined = new List<(string, string, string, RunRecord?)>();
        var slurm = new SlurmClient();
        foreach (var group in entries.GroupBy(e => e.Experiment))
        {
            IReadOnlyDictionary<string, (SlurmClaim Claim, SlurmTaskState? Live)> jobs;
            try { jobs = SlurmSweepJobs.Of(store, group.Key, slurm); }
            catch (SlurmException e)
            {
                Console.Error.WriteLine($"{group.Key}: Slurm state unknown: {e.Message}");
                jobs = new Dictionary<string, (SlurmClaim, SlurmTaskState?)>();
            }
            foreach (var e in group)
            {
                if (!jobs.TryGetValue(e.RunId, out var job) || e.State is RunStatus.Done)
                {
                    refined.Add(e);
                    continue;
                }
                var (claim, live) = job;
                string state = e.State;
                string line;
                if (live is not null)
                {
                    state = live.State == "RUNNING" ? RunStatus.Running : live.State == "PENDING" ? RunStatus.Pending : e.State;
                    line = $"job {claim.JobId} {live}" + (claim.Attempt >= 0 ? $", attempt {claim.Attempt}" : ", not started yet");
                }
                else
                {
                    if (e.State is RunStatus.Running or RunStatus.Pending) state = RunStatus.Interrupted;
                    if (e.State == RunStatus.Failed) { refined.Add(e); continue; }
                    line = $"no live job (last: {claim.JobId}, attempt {claim.Attempt}); `ablate run` again resubmits it";
                }
                lines[e.RunId] = line;
                refined.Add((e.Experiment, e.RunId, state, e.Row));
            }
        }
        return (refined, lines);
    }
}
