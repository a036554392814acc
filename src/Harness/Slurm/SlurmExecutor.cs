using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Ablation.Harness.Runs;
using Ablation.Harness.Spec;
using Ablation.Harness.Store;
using Ablation.Harness.Sweep;
using Ablation.Reports.Schema;

namespace Ablation.Harness.Slurm;

/// <summary>
/// Runs a sweep on Slurm, which schedules it (Ablation keeps no scheduler of its own for clusters):
/// <list type="number">
/// <item>Selects the runs that are neither done nor held by a live job (the claims in the store, checked with
/// one squeue call); failed ones only with --retry-failed. Results the store missed are imported first.</item>
/// <item>Submits them as job arrays of at most MaxArraySize tasks (<c>scontrol show config</c>), one
/// `ablate worker` per task, each array with a manifest of its run folders under <c>--results</c>, and
/// records each run as submitted to its task.</item>
/// <item>Follows them (unless --detach): the store every 2 s for epochs and outcomes, and squeue every
/// ~30 s for the tasks that ended without recording one (cancelled, killed, node failure), which are marked
/// interrupted: `ablate run` again resubmits them and they resume from their last checkpoint.</item>
/// </list>
/// Ctrl+C while following detaches: the jobs keep running.
/// </summary>
public sealed class SlurmExecutor(SlurmSweepOptions options, ISweepProgress progress, SlurmClient slurm) : ISweepExecutor
{
    private volatile bool _detachAsked;

    /// <summary>The array job ids this invocation submitted (printed on --detach).</summary>
    public List<string> SubmittedJobs { get; } = [];

    public SweepSummary Run(MatrixPlan plan)
    {
        using var store = ResultStores.Open(options.StoreLocation);
        var claims = new SlurmClaims(store);
        var experiment = plan.Spec.Name;
        var (toSubmit, held, alreadyDone, skipped) = Select(plan, store, claims);
        progress.Started(toSubmit.Count + held.Count, alreadyDone, plan.Runs.Count);
        if (held.Count > 0) progress.Message($"{held.Count} run(s) already held by live Slurm jobs: following them, not submitting them again");

        if (toSubmit.Count > 0) Submit(experiment, toSubmit, claims);
        if (options.Detach)
        {
            progress.Message(SubmittedJobs.Count > 0
                ? $"submitted job array(s) {string.Join(", ", SubmittedJobs)} ({toSubmit.Count} runs); detached"
                : "nothing to submit; detached");
            return new SweepSummary(plan.Runs.Count, alreadyDone, 0, 0, 0, skipped, toSubmit.Count + held.Count, false, Detached: true);
        }
        return Follow(plan, store, claims, toSubmit.Concat(held).ToList(), alreadyDone, skipped);
    }

    /// <summary>Asks a following sweep to detach, as Ctrl+C does (for hosts and tests).</summary>
    public void RequestDetach() => _detachAsked = true;

    private (List<PlannedWork> ToSubmit, List<PlannedWork> Held, int AlreadyDone, int Skipped) Select(MatrixPlan plan, IResultStore store, SlurmClaims claims)
    {
        var known = store.Runs(plan.Spec.Name);
        var claimed = claims.Of(plan.Spec.Name);
        var live = slurm.Queue(claimed.Values.Select(c => c.ArrayJobId.ToString(CultureInfo.InvariantCulture)));
        List<PlannedWork> toSubmit = [], held = [];
        List<RunRecord> missing = [];
        int alreadyDone = 0, skipped = 0;
        // The run folders first, in parallel: each run.json is written durably (fsync), which dominates a large sweep.
        var results = new JsonObject?[plan.Runs.Count];
        Parallel.For(0, plan.Runs.Count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var dir = RunDirectory.For(options.ResultsDir, plan.Runs[i].Spec);
            dir.WriteSpec(plan.Runs[i].Spec);
            results[i] = dir.ReadResult();
        });
        for (int i = 0; i < plan.Runs.Count; i++)
        {
            var run = plan.Runs[i];
            var spec = run.Spec;
            var dir = RunDirectory.For(options.ResultsDir, spec);
            known.TryGetValue(spec.RunId, out var record);
            bool isHeld = claimed.TryGetValue(spec.RunId, out var claim) && live.TryGetValue(claim.JobId, out var task) && task.IsLive;
            if (!isHeld && results[i] is { } result && (string?)result["status"] is { } fileStatus && fileStatus != record?.Status)
                record = StoreRebuilder.Import(dir, store);
            if (record is null)
            {
                var cost = plan.Costs.GetValueOrDefault(spec.RunId);
                record = RunRecords.FromSpec(spec, RunStatus.Pending) with { Params = cost?.Params, Macs = cost?.Macs, CodeVersion = CodeVersion.Current };
                missing.Add(record);
            }
            var work = new PlannedWork(spec, dir, run.Label);
            if (record.Status == RunStatus.Done) alreadyDone++;
            else if (isHeld) held.Add(work);
            else if (record.Status == RunStatus.Failed && !options.RetryFailed) skipped++;
            else toSubmit.Add(work);
        }
        ((DbResultStore)store).AddMissing(missing);
        return (toSubmit, held, alreadyDone, skipped);
    }

    private void Submit(string experiment, List<PlannedWork> runs, SlurmClaims claims)
    {
        var slurmDir = Path.Combine(options.ResultsDir, experiment, ".slurm");
        Directory.CreateDirectory(slurmDir);
        int max = slurm.MaxArraySize();
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture);
        var environment = new Dictionary<string, string> { [SlurmWorker.StoreVariable] = options.StoreLocation };
        int part = 0;
        foreach (var chunk in runs.Chunk(max))
        {
            var manifest = Path.Combine(slurmDir, $"{stamp}-{part++}.runs");
            File.WriteAllLines(manifest, chunk.Select(w => Path.GetFullPath(w.Dir.Path)));
            var jobId = slurm.Submit(SlurmJobScript.Script(experiment, manifest, options.Resources),
                SlurmJobScript.Arguments(experiment, chunk.Length, slurmDir, options.Resources), environment);
            SubmittedJobs.Add(jobId);
            long arrayJob = long.Parse(jobId, CultureInfo.InvariantCulture);
            var now = DateTimeOffset.UtcNow;
            claims.RecordSubmitted(chunk.Select((w, i) =>
                new SlurmClaim(w.Spec.RunId, experiment, $"{jobId}_{i}", arrayJob, i, -1, SlurmClaim.Submitted, null, now)));
            progress.Message($"submitted job array {jobId}: {chunk.Length} runs (manifest {manifest})");
        }
    }

    /// <summary>What following knows of one run.</summary>
    private sealed class Followed(PlannedWork work)
    {
        public PlannedWork Work { get; } = work;
        public bool Started, Finished, RequeueNoted;
        public int Epochs;
    }

    private SweepSummary Follow(MatrixPlan plan, IResultStore store, SlurmClaims claims, List<PlannedWork> works, int alreadyDone, int skipped)
    {
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        var followed = works.ToDictionary(w => w.Spec.RunId, w => new Followed(w));
        int done = 0, failed = 0, interrupted = 0;
        var nextQueue = DateTime.UtcNow + TimeSpan.FromSeconds(options.QueuePollSeconds);
        IReadOnlyDictionary<string, SlurmTaskState>? queue = null;
        while (followed.Values.Any(f => !f.Finished) && !_detachAsked)
        {
            if (DateTime.UtcNow >= nextQueue)
            {
                // squeue first, then the store: a task squeue no longer shows, whose run the store still has unfinished, ended without recording.
                var current = claims.Of(plan.Spec.Name);
                try
                {
                    queue = slurm.Queue(followed.Keys.Select(id => current.GetValueOrDefault(id)).OfType<SlurmClaim>()
                        .Select(c => c.ArrayJobId.ToString(CultureInfo.InvariantCulture)));
                }
                catch (SlurmException e)
                {
                    // slurmctld restarting or unreachable: the jobs are unaffected; ask again next time.
                    progress.Message($"{e.Message}; asking again in {options.QueuePollSeconds:0} s");
                }
                nextQueue = DateTime.UtcNow + TimeSpan.FromSeconds(options.QueuePollSeconds);
            }
            var rows = store.Runs(plan.Spec.Name);
            var holders = claims.Of(plan.Spec.Name);
            foreach (var f in followed.Values.Where(f => !f.Finished))
            {
                var id = f.Work.Spec.RunId;
                if (!rows.TryGetValue(id, out var row)) continue;
                holders.TryGetValue(id, out var claim);
                if (row.Status == RunStatus.Running && !f.Started)
                {
                    f.Started = true;
                    progress.RunStarted(f.Work, claim is null ? "slurm" : $"job {claim.JobId}" + (claim.Node is { } n ? $" on {n}" : ""), Math.Max(0, claim?.Attempt ?? 0) + 1);
                }
                if (row.EpochsDone > f.Epochs)
                {
                    f.Epochs = row.EpochsDone;
                    var last = store.Epochs(id).LastOrDefault();
                    progress.RunEvent(f.Work, new JsonObject
                    {
                        ["event"] = "epoch", ["epoch"] = row.EpochsDone, ["loss"] = last?.TrainLoss,
                        [row.Map is null ? "top1" : "map"] = row.Map ?? last?.TestTop1 ?? last?.TrainTop1,
                        ["img_s"] = row.TrainImgS,
                    });
                }
                if (row.Status is RunStatus.Done or RunStatus.Failed)
                {
                    f.Finished = true;
                    progress.RunFinished(f.Work, row.Status, row.Error, false);
                    if (row.Status == RunStatus.Done) done++; else failed++;
                    continue;
                }
                if (queue is null || claim is null) continue;
                bool live = queue.TryGetValue(claim.JobId, out var task) && task.IsLive;
                if (live)
                {
                    if (row.Status == RunStatus.Interrupted && !f.RequeueNoted && f.Started)
                    {
                        f.RequeueNoted = true;
                        progress.Message($"{f.Work.Spec.ShortId}: stopped at a checkpoint; job {claim.JobId} is {task}: it resumes when Slurm starts it again");
                    }
                    continue;
                }
                // The task is gone and the run is unfinished: mark it interrupted (resumable), unless the worker just recorded it.
                var reason = $"Slurm task {claim.JobId} ended without recording a result (cancelled, killed, out of memory, or its node failed); " +
                             "`ablate run` again resumes it from its last checkpoint";
                var updated = store.Update(id, old => old is null || old.Status is RunStatus.Done or RunStatus.Failed ? null
                    : old with { Status = RunStatus.Interrupted, Error = old.Status == RunStatus.Interrupted ? old.Error : reason, FinishedAt = DateTimeOffset.UtcNow });
                f.Finished = true;
                var final = updated ?? store.GetRun(id)!;
                progress.RunFinished(f.Work, final.Status, final.Error, false);
                if (final.Status == RunStatus.Done) done++;
                else if (final.Status == RunStatus.Failed) failed++;
                else interrupted++;
            }
            if (queue is not null) queue = null;   // each squeue answer is used against one store read only
            if (followed.Values.Any(f => !f.Finished) && !_detachAsked) Thread.Sleep(TimeSpan.FromSeconds(options.StorePollSeconds));
        }
        int open = followed.Values.Count(f => !f.Finished);
        return new SweepSummary(plan.Runs.Count, alreadyDone, done, failed, interrupted, skipped, open, false, Detached: _detachAsked);
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        _detachAsked = true;
    }
}
