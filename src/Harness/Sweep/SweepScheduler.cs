using System.Runtime.InteropServices;
using Ablation.Harness.Runs;
using Ablation.Harness.Spec;
using Ablation.Harness.Store;
using Ablation.Harness.Worker;
using Ablation.Reports.Schema;

namespace Ablation.Harness.Sweep;

/// <summary>How a sweep ended: counts per final state in this invocation; <c>Detached</c>: its jobs go on without us (Slurm).</summary>
public sealed record SweepSummary(int Total, int AlreadyDone, int Done, int Failed, int Interrupted, int Skipped, int NotStarted, bool Stopped,
    bool Detached = false);

/// <summary>
/// Runs the pending runs of a plan on device slots, one `ablate worker` process per run.
/// <list type="bullet">
/// <item>Which runs: not in the store, pending, interrupted, or marked running with nobody holding their lock
/// (a killed sweep); failed ones only with <c>--retry-failed</c>. Runs whose result.json the store missed
/// (a kill between the two writes) are imported first, so nothing is recorded twice or lost.</item>
/// <item>A worker that crashes, is killed (out of memory) or outlives <c>--timeout</c> is recorded failed with the
/// reason and the tail of its log; with <c>--retries N</c> it is started again (resuming from its checkpoint)
/// up to N more times; the sweep goes on either way.</item>
/// <item>Ctrl+C (or SIGTERM): no new runs; workers are asked to checkpoint and stop and are recorded
/// interrupted. A second Ctrl+C kills them at once (also recorded interrupted; their last checkpoint stays).</item>
/// </list>
/// </summary>
public sealed class SweepScheduler(SweepOptions options, ISweepProgress progress) : ISweepExecutor
{
    private volatile int _signals;

    public SweepSummary Run(MatrixPlan plan)
    {
        using var store = ResultStores.Open(options.StoreLocation);
        var (queue, alreadyDone, skipped) = Select(plan, store);
        progress.Started(queue.Count, alreadyDone, plan.Runs.Count);

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        var slots = options.Slots();
        var active = new WorkerProcess?[slots.Count];
        int cpuWorkers = Math.Min(slots.Count(s => s == "cpu"), Math.Max(1, queue.Count));
        int done = 0, failed = 0, interrupted = 0;
        bool stopAsked = false, killed = false;
        var pending = new Queue<PlannedWork>(queue);

        while (pending.Count > 0 || active.Any(a => a is not null))
        {
            if (_signals >= 1 && !stopAsked)
            {
                stopAsked = true;
                progress.Message("stopping: workers checkpoint and stop (Ctrl+C again to stop at once)");
                foreach (var w in active) w?.RequestStop();
            }
            if (_signals >= 2 && !killed)
            {
                killed = true;
                progress.Message("stopping at once");
                foreach (var w in active) w?.KillNow(timedOut: false);
            }
            // Fill free slots.
            for (int i = 0; i < slots.Count && !stopAsked; i++)
            {
                if (active[i] is not null || pending.Count == 0) continue;
                var work = pending.Dequeue();
                work.Attempts++;
                var device = slots[i];
                progress.RunStarted(work, device, work.Attempts);
                active[i] = WorkerProcess.Start(work, device, options.ThreadsFor(device, cpuWorkers), options.StoreLocation, work.Attempts,
                    message => progress.RunEvent(work, message));
            }
            // Wait for a worker to end, or a tick for timeouts and signals.
            var waits = active.Where(a => a is not null).Select(a => a!.WaitAsync()).ToList();
            if (waits.Count > 0) Task.WaitAny([.. waits, Task.Delay(250)]);
            else if (pending.Count > 0 && stopAsked) break;

            for (int i = 0; i < slots.Count; i++)
            {
                var w = active[i];
                if (w is null) continue;
                if (!w.HasExited)
                {
                    if (options.Timeout is { } limit && DateTime.UtcNow - w.StartedUtc > limit && !w.Killed)
                    {
                        w.Note($"timeout: still running after {Format(limit)}; killed");
                        w.KillNow(timedOut: true);
                    }
                    continue;
                }
                active[i] = null;
                var (status, reason) = Outcome(w, store);
                w.Dispose();
                bool retry = status == RunStatus.Failed && w.Work.Attempts <= options.Retries && !stopAsked;
                progress.RunFinished(w.Work, status, reason, retry);
                if (retry) pending.Enqueue(w.Work);
                else if (status == RunStatus.Done) done++;
                else if (status == RunStatus.Failed) failed++;
                else if (status == RunStatus.Interrupted) interrupted++;
                else skipped++;
            }
        }
        return new SweepSummary(plan.Runs.Count, alreadyDone, done, failed, interrupted, skipped, pending.Count, stopAsked);
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        Interlocked.Increment(ref _signals);
    }

    /// <summary>Asks the sweep to stop as a Ctrl+C would (for hosts and tests).</summary>
    public void RequestStop() => Interlocked.Increment(ref _signals);

    /// <summary>The runs to start, in plan order; reconciles the store with run folders on the way.</summary>
    private (List<PlannedWork> Queue, int AlreadyDone, int Skipped) Select(MatrixPlan plan, IResultStore store)
    {
        var queue = new List<PlannedWork>();
        int alreadyDone = 0, skipped = 0;
        var known = store.Runs(plan.Spec.Name);
        foreach (var run in plan.Runs)
        {
            var spec = run.Spec;
            var dir = RunDirectory.For(options.ResultsDir, spec);
            dir.WriteSpec(spec);
            known.TryGetValue(spec.RunId, out var record);
            bool locked = dir.IsLocked();
            // A result the store missed (killed between the two writes), or a store rebuilt from older files.
            if (!locked && dir.ReadResult() is { } result && (string?)result["status"] is { } fileStatus && fileStatus != record?.Status)
                record = StoreRebuilder.Import(dir, store);
            if (record is null)
            {
                var cost = plan.Costs.GetValueOrDefault(spec.RunId);
                record = RunRecords.FromSpec(spec, RunStatus.Pending) with { Params = cost?.Params, Macs = cost?.Macs, CodeVersion = CodeVersion.Current };
                var pending = record;
                store.Update(spec.RunId, old => old is null ? pending : null);
            }
            switch (record.Status)
            {
                case RunStatus.Done:
                    alreadyDone++;
                    break;
                case RunStatus.Failed when !options.RetryFailed:
                    skipped++;
                    break;
                case RunStatus.Running when locked:
                    progress.Message($"{spec.ShortId}: being run by another process; skipped");
                    skipped++;
                    break;
                default:
                    queue.Add(new PlannedWork(spec, dir, run.Label));
                    break;
            }
        }
        return (queue, alreadyDone, skipped);
    }

    /// <summary>How a worker ended: from the result it recorded, or, when it could not record one, from how it died.</summary>
    private (string Status, string? Reason) Outcome(WorkerProcess w, IResultStore store)
    {
        int code = w.ExitCode;
        var dir = w.Work.Dir;
        if (code == WorkerExit.Busy) return ("skipped", "being run by another process");
        if (!w.Killed && dir.ReadResult() is { } result && (string?)result["status"] is { } status)
        {
            // Recorded by the worker (store and result.json); make sure the store has it (a kill between writes).
            var row = store.GetRun(w.Work.Spec.RunId);
            if (row?.Status != status) StoreRebuilder.Import(dir, store);
            return (status, (string?)result["error"]);
        }
        string finalStatus, reason;
        if (w.TimedOut) (finalStatus, reason) = (RunStatus.Failed, $"timeout: no result after {Format(options.Timeout!.Value)} (hung or too slow)");
        else if (w.Killed) (finalStatus, reason) = (RunStatus.Interrupted, "stopped at once (second Ctrl+C)");
        else if (w.StopRequested) (finalStatus, reason) = (RunStatus.Interrupted, $"stopped before it could checkpoint ({Died(code)})");
        else (finalStatus, reason) = (RunStatus.Failed, Died(code));
        w.Note(reason);
        var error = finalStatus == RunStatus.Failed ? reason + "\n--- log tail ---\n" + dir.LogTail(12) : reason;
        var epochs = dir.ReadMetrics().Select(o => RunRecords.EpochFromJson(w.Work.Spec.RunId, o)).ToList();
        var record = store.Update(w.Work.Spec.RunId, old => (old ?? RunRecords.FromSpec(w.Work.Spec, finalStatus)) with
        {
            Status = finalStatus, Error = error, FinishedAt = DateTimeOffset.UtcNow, Device = w.Device,
            EpochsDone = Math.Max(old?.EpochsDone ?? 0, epochs.Count == 0 ? 0 : epochs.Max(e => e.Epoch)),
        }, epochs)!;
        if (finalStatus == RunStatus.Failed) dir.WriteResult(RunRecords.ResultJson(record, epochs));
        return (finalStatus, reason);
    }

    /// <summary>A dead worker's exit code in words (.NET reports death by signal N as 128+N).</summary>
    public static string Died(int code) => code switch
    {
        134 => "worker crashed (SIGABRT, exit code 134)",
        137 => "worker was killed (SIGKILL, exit code 137: out of memory?)",
        139 => "worker crashed (SIGSEGV, exit code 139)",
        > 128 and < 160 => $"worker died of signal {code - 128} (exit code {code})",
        _ => $"worker exited with code {code} without recording a result",
    };

    private static string Format(TimeSpan t) => t.TotalHours >= 1 ? $"{t.TotalHours:0.#} h" : t.TotalMinutes >= 1 ? $"{t.TotalMinutes:0.#} min" : $"{t.TotalSeconds:0.#} s";
}
