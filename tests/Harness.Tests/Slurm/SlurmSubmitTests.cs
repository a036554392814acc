using Xunit;

namespace Ablation.Harness.Tests.Slurm;

/// <summary>
/// Submitting to a real Slurm: arrays split at MaxArraySize, one worker per task, every run recorded once;
/// running again submits nothing; --detach, status per run, and cancel.
/// </summary>
[Collection(SlurmCollection.Name)]
public sealed class SlurmSubmitTests(LocalCluster cluster)
{
    [Fact]
    public void A_sweep_larger_than_MaxArraySize_is_split_into_arrays_and_every_run_is_recorded_once()
    {
        using var s = new SlurmSweep(cluster, epochs: 2, seeds: 3);   // 6 runs, MaxArraySize 5
        var r = s.Run(TimeSpan.FromSeconds(240));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("submitted job array", r.Stdout);
        Assert.Contains(": 5 runs", r.Stdout);
        Assert.Contains(": 1 runs", r.Stdout);
        Assert.Equal(2, s.ArrayJobs().Count);
        var rows = s.Rows();
        Assert.Equal(6, rows.Count);
        foreach (var (id, row) in rows)
        {
            Assert.Equal("done", row.Status);
            Assert.Equal([1L, 2L], row.Epochs);
            var claim = s.Claim(id);
            Assert.NotNull(claim);
            Assert.Equal("claimed", claim.Value.State);
            Assert.Equal(0, claim.Value.Attempt);       // SLURM_RESTART_COUNT of a task never requeued
            Assert.Contains($"claimed by job {claim.Value.JobId}, attempt 0", File.ReadAllText(Path.Combine(s.Results, "sweep", id, "log.txt")));
        }

        // Again: nothing is submitted, nothing trains.
        var again = s.Run(TimeSpan.FromSeconds(60));
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("6 already done, 0 to run", again.Stdout);
        Assert.DoesNotContain("submitted job array", again.Stdout);
        Assert.Equal(2, s.ArrayJobs().Count);
    }

    [Fact]
    public void Detach_prints_the_jobs_status_shows_each_run_on_slurm_and_cancel_cancels_them()
    {
        using var s = new SlurmSweep(cluster, epochs: 1);
        // Held, so the tasks stay pending while status and cancel look at them.
        var r = s.Run(TimeSpan.FromSeconds(60), null, "--detach", "--sbatch-arg=--hold");
        Assert.True(r.ExitCode == 0, r.ToString());
        var job = Assert.Single(s.ArrayJobs());
        Assert.Contains($"submitted job array(s) {job}", r.Stdout);
        Assert.Contains("follow: ablate status", r.Stdout);
        Assert.Contains("cancel: ablate cancel", r.Stdout);

        var status = s.Command(TimeSpan.FromSeconds(60), "status", s.Matrix, "--results", s.Results, "--store", s.Store);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("sweep: 2 runs: 2 pending", status.Stdout);
        Assert.Contains($"job {job}_0 pending (JobHeldUser), not started yet", status.Stdout);
        Assert.Contains($"job {job}_1 pending (JobHeldUser), not started yet", status.Stdout);

        // Running again while they are held submits nothing new (they are held by live jobs); --detach returns at once.
        var again = s.Run(TimeSpan.FromSeconds(60), null, "--detach");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("2 run(s) already held by live Slurm jobs", again.Stdout);
        Assert.Single(s.ArrayJobs());

        var cancel = s.Command(TimeSpan.FromSeconds(60), "cancel", s.Matrix, "--results", s.Results, "--store", s.Store);
        Assert.True(cancel.ExitCode == 0, cancel.ToString());
        Assert.Contains($"cancelled job(s) {job}", cancel.Stdout);
        s.WaitUntilQueueEmpty(TimeSpan.FromSeconds(30));
        var after = s.Command(TimeSpan.FromSeconds(60), "status", s.Matrix, "--results", s.Results, "--store", s.Store);
        Assert.Contains("no live job", after.Stdout);
    }

    [Fact]
    public void Ctrl_c_while_following_detaches_and_the_jobs_keep_running()
    {
        using var s = new SlurmSweep(cluster, epochs: 1);
        using var follow = s.Start(null, "--sbatch-arg=--hold");   // held: the sweep cannot end by itself
        Sweeps.WaitFor(() => { try { return s.ArrayJobs().Count == 1 && s.Claim(s.Id(1)) is not null; } catch (Npgsql.PostgresException) { return false; } },
            TimeSpan.FromSeconds(120), "the submission");
        var job = s.ArrayJobs()[0];
        Thread.Sleep(1000);
        Sweeps.Signal(follow.Id, 2);   // SIGINT, as Ctrl+C
        Assert.True(follow.WaitForExit(TimeSpan.FromSeconds(60)), "ablate run did not detach on SIGINT");
        var output = follow.StandardOutput.ReadToEnd();
        Assert.True(follow.ExitCode == 0, output);
        Assert.Contains("the jobs keep running", output);
        Assert.Contains("follow: ablate status", output);
        Assert.Contains("cancel: ablate cancel", output);
        Assert.Equal([$"{job}_0|PENDING", $"{job}_1|PENDING"], cluster.Queue(job).Order());
    }
}
