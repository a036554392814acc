using Ablation.Harness.Worker;
using Xunit;

namespace Ablation.Harness.Tests;

/// <summary>
/// A worker that crashes, is killed as by the OOM killer, or hangs past its timeout fails only its own run,
/// with the reason and its log tail; the sweep goes on, and a retry resumes from the checkpoint.
/// </summary>
public sealed class SweepFailureTests
{
    [Fact]
    public void Crashing_killed_and_hanging_workers_fail_their_runs_and_the_sweep_goes_on()
    {
        using var s = new Sweeps(seeds: 2);
        var env = new Dictionary<string, string>
        {
            [FaultInjection.Variable] = $"crash@1:{s.Id(0)},oom@2:{s.Id(1)},hang@1:{s.Id(2)}",
        };
        var r = s.Run(TimeSpan.FromSeconds(150), env, "--jobs", "2", "--timeout", "30s");
        Assert.True(r.ExitCode == 1, r.ToString());
        var store = s.Store();
        Assert.Equal("failed", store[s.Id(0)].Status);
        Assert.Contains("SIGABRT", store[s.Id(0)].Error);
        Assert.Contains("injected crash at epoch 1", store[s.Id(0)].Error);   // the log tail
        Assert.Equal("failed", store[s.Id(1)].Status);
        Assert.Contains("SIGKILL", store[s.Id(1)].Error);
        Assert.Equal("failed", store[s.Id(2)].Status);
        Assert.Contains("timeout", store[s.Id(2)].Error);
        Assert.Equal("done", store[s.Id(3)].Status);
        Assert.Equal([1L, 2L], store[s.Id(3)].Epochs);
        Assert.Empty(s.LiveWorkers());

        // status lists the failed runs with their reasons.
        var status = Ablate.Run(s.Files.Root, null, TimeSpan.FromSeconds(60), "status", "--results", s.Results);
        Assert.Contains("3 failed", status.Stdout);
        Assert.Contains($"failed {s.Id(2)[..8]}", status.Stdout);

        // Without --retry-failed nothing runs; with it, the failed runs resume and finish, each epoch recorded once.
        var again = s.Run(TimeSpan.FromSeconds(60));
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("0 to run", again.Stdout);
        var retried = s.Run(TimeSpan.FromSeconds(150), null, "--jobs", "2", "--retry-failed");
        Assert.True(retried.ExitCode == 0, retried.ToString());
        foreach (var (_, row) in s.Store())
        {
            Assert.Equal("done", row.Status);
            Assert.Equal([1L, 2L], row.Epochs);
        }
    }

    [Fact]
    public void A_diverging_run_fails_with_its_reason_and_its_finished_epochs_are_kept()
    {
        using var s = new Sweeps(epochs: 3);
        var matrix = s.Files.Write("diverge.yaml", File.ReadAllText(s.Matrix).Replace("batch: 16 }", "batch: 16, lr: 1000 }")
            .Replace("attention: [none, se]", "attention: [se]"));
        var r = Ablate.Run(s.Files.Root, null, TimeSpan.FromSeconds(120), "run", matrix, "--results", s.Results, "--plain");
        Assert.True(r.ExitCode == 1, r.ToString());
        var row = Assert.Single(s.Store().Values);
        Assert.Equal("failed", row.Status);
        Assert.Matches(@"^diverged: loss is (NaN|infinite) at epoch \d+", row.Error);
        Assert.Equal(row.Epochs.Count, (int)row.EpochsDone);   // the epochs before divergence stay recorded
    }

    [Fact]
    public void Retries_start_a_crashed_run_again_and_it_resumes()
    {
        using var s = new Sweeps();
        var env = new Dictionary<string, string>
        {
            [FaultInjection.Variable] = $"crash@1:{s.Id(1)}",
            [FaultInjection.OnceVariable] = "1",
        };
        var r = s.Run(TimeSpan.FromSeconds(150), env, "--retries", "1");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("(retrying)", r.Stdout);
        Assert.Contains($"resume {s.Id(1)[..8]} at epoch 2", r.Stdout);
        var row = s.Store()[s.Id(1)];
        Assert.Equal("done", row.Status);
        Assert.Equal([1L, 2L], row.Epochs);
        var log = File.ReadAllText(Path.Combine(s.RunDir(1), "log.txt"));
        Assert.Contains("=== attempt 2", log);
    }
}
