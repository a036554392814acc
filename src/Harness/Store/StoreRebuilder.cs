using Ablation.Harness.Runs;
using Ablation.Reports.Schema;

namespace Ablation.Harness.Store;

/// <summary>
/// Rebuilds store rows from run folders (the source of truth): run.json gives the identity and axes,
/// result.json the outcome and every epoch, metrics.jsonl the epochs of a run that has not finished. A run
/// whose lock a live worker holds is <c>running</c>; one without a result that nobody holds was interrupted
/// (or is pending, if no worker ever wrote to it).
/// </summary>
public static class StoreRebuilder
{
    /// <summary>Imports every run folder under <paramref name="resultsDir"/>; returns how many runs were written.</summary>
    public static int Rebuild(string resultsDir, IResultStore store, Action<string>? warn = null)
    {
        int count = 0;
        if (!Directory.Exists(resultsDir)) return 0;
        foreach (var experimentDir in Directory.EnumerateDirectories(resultsDir).Order())
        foreach (var runDir in Directory.EnumerateDirectories(experimentDir).Order())
        {
            var dir = new RunDirectory(runDir);
            if (!File.Exists(dir.SpecFile)) continue;
            try
            {
                Import(dir, store);
                count++;
            }
            catch (Exception e) when (e is IOException or System.Text.Json.JsonException or InvalidOperationException or FormatException)
            {
                warn?.Invoke($"{runDir}: skipped: {e.Message}");
            }
        }
        return count;
    }

    /// <summary>Writes one run's row and epochs from its folder.</summary>
    public static RunRecord Import(RunDirectory dir, IResultStore store)
    {
        var (run, epochs) = Read(dir);
        store.Replace(run, epochs);
        return run;
    }

    /// <summary>The row and epochs a run's folder describes.</summary>
    public static (RunRecord Run, IReadOnlyList<EpochRecord> Epochs) Read(RunDirectory dir)
    {
        var spec = dir.ReadSpec();
        if (spec.RunId != Path.GetFileName(dir.Path.TrimEnd('/')))
            throw new InvalidOperationException($"run.json hashes to {spec.RunId}, not to its folder name");
        var result = dir.ReadResult();
        var lines = dir.ReadMetrics().Select(o => RunRecords.EpochFromJson(spec.RunId, o)).ToList();
        if (result is not null)
        {
            var run = RunRecords.FromResult(spec, result);
            var epochs = RunRecords.EpochsFromResult(spec.RunId, result);
            // result.json lists every epoch the trainer kept; lines cover a run that stopped before it wrote one.
            var merged = epochs.Concat(lines.Where(l => epochs.All(e => e.Epoch != l.Epoch))).OrderBy(e => e.Epoch).ToList();
            return (run with { EpochsDone = Math.Max(run.EpochsDone, merged.Count == 0 ? 0 : merged.Max(e => e.Epoch)) }, merged);
        }
        var status = dir.IsLocked() ? RunStatus.Running
            : lines.Count == 0 && !File.Exists(dir.LogFile) ? RunStatus.Pending : RunStatus.Interrupted;
        var last = lines.LastOrDefault();
        return (RunRecords.FromSpec(spec, status) with
        {
            EpochsDone = last?.Epoch ?? 0,
            Top1 = last?.TestTop1,
            BestTop1 = lines.Max(l => l.TestTop1),
        }, lines);
    }
}
