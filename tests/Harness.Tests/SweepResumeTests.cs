using Xunit;

namespace Ablation.Harness.Tests;

/// <summary>
/// kill -9 of the sweep and all its workers at several moments, then `ablate run` again: every run ends done,
/// each epoch recorded exactly once, nothing started twice after it was done.
/// </summary>
public sealed class SweepResumeTests
{
    [Fact]
    public void Kill_9_at_several_points_then_run_again_records_every_run_exactly_once()
    {
        using var s = new Sweeps(epochs: 3);
        var metrics0 = Path.Combine(s.RunDir(0), "metrics.jsonl");
        var result0 = Path.Combine(s.RunDir(0), "result.json");
        var log1 = Path.Combine(s.RunDir(1), "log.txt");
        // The moments: before any worker starts; while a worker starts up; after the first epoch of a run
        // (between its checkpoint and the next); right after a run's result is written.
        var moments = new (string What, Func<bool> Reached)[]
        {
            ("start", () => true),
            ("a worker starting", () => File.Exists(log1)),
            ("first epoch", () => File.Exists(metrics0)),
            ("a result written", () => File.Exists(result0)),
        };
        foreach (var (what, reached) in moments)
        {
            using var sweep = Ablate.Start(s.Files.Root, null, "run", s.Matrix, "--results", s.Results, "--plain", "--jobs", "2", "--threads", "2");
            Sweeps.WaitFor(() => reached() || sweep.HasExited, TimeSpan.FromSeconds(120), what);
            sweep.Kill(entireProcessTree: true);   // SIGKILL to the sweep and every worker
            sweep.WaitForExit();
            Sweeps.WaitFor(() => s.LiveWorkers().Count == 0, TimeSpan.FromSeconds(10), "workers to die");
        }
        var r = s.Run(TimeSpan.FromSeconds(180), null, "--jobs", "2");
        Assert.True(r.ExitCode == 0, r.ToString());
        var store = s.Store();
        Assert.Equal(2, store.Count);
        foreach (var (_, row) in store)
        {
            Assert.Equal("done", row.Status);
            Assert.Equal(3, row.EpochsDone);
            Assert.Equal([1L, 2L, 3L], row.Epochs);
        }
        // A run killed after an epoch resumed from its checkpoint instead of starting over.
        var log0 = File.ReadAllText(Path.Combine(s.RunDir(0), "log.txt"));
        Assert.Contains("resuming at epoch", log0);

        // The store can be thrown away and rebuilt from the run folders alone.
        File.Delete(Path.Combine(s.Results, "ablation.db"));
        foreach (var f in Directory.GetFiles(s.Results, "ablation.db-*")) File.Delete(f);
        var rebuild = Ablate.Run(s.Files.Root, null, TimeSpan.FromSeconds(60), "store", "rebuild", "--results", s.Results);
        Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
        Assert.Equal(store.ToDictionary(kv => kv.Key, kv => (kv.Value.Status, string.Join(",", kv.Value.Epochs))),
            s.Store().ToDictionary(kv => kv.Key, kv => (kv.Value.Status, string.Join(",", kv.Value.Epochs))));
    }
}
