using Ablation.Harness.Worker;
using Xunit;

namespace Ablation.Harness.Tests.Slurm;

/// <summary>
/// Failures of a Slurm sweep, each with real daemons: afterwards every run is recorded exactly once and its
/// epochs are exactly 1..N. Faults are injected by the workers themselves (ABLATE_FAULT, passed on by sbatch)
/// right after an epoch's checkpoint and before the epoch is recorded: the narrowest window for losing a row.
/// </summary>
[Collection(SlurmCollection.Name)]
public sealed class SlurmFailureTests(LocalCluster cluster)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(240);

    private static Dictionary<string, string> Fault(string fault, int pauseSeconds = 5) => new()
    {
        [FaultInjection.Variable] = fault, [FaultInjection.OnceVariable] = "1", [FaultInjection.PauseVariable] = pauseSeconds.ToString(),
    };

    private static void AllDoneOnce(SlurmSweep s, int epochs)
    {
        var rows = s.Rows();
        Assert.Equal(s.Runs.Count, rows.Count);
        foreach (var (_, row) in rows)
        {
            Assert.True(row.Status == "done", $"{row.Status}: {row.Error}");
            Assert.Equal(Enumerable.Range(1, epochs).Select(e => (long)e), row.Epochs);
            Assert.Equal(epochs, row.EpochsDone);
        }
    }

    [Fact]
    public void Scancel_of_a_running_task_then_run_again_resumes_it()
    {
        using var s = new SlurmSweep(cluster, epochs: 3);
        var detached = s.Run(TimeSpan.FromSeconds(60), Fault($"hang@1:{s.Id(0)}"), "--detach");
        Assert.True(detached.ExitCode == 0, detached.ToString());
        s.WaitForFault(0, "hang", 1, Long);
        var job = s.Claim(s.Id(0))!.Value.JobId;
        cluster.Slurm("scancel", job);
        s.WaitUntilQueueEmpty(Long);
        Assert.NotEqual("done", s.Rows()[s.Id(0)].Status);

        var again = s.Run(Long);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("1 already done, 1 to run", again.Stdout);
        Assert.Contains("resuming at epoch 2 of 3", s.RunLog(0));   // epoch 1's checkpoint was written before the hang
        AllDoneOnce(s, 3);
    }

    [Fact]
    public void Kill_9_of_a_worker_inside_a_task_marks_its_run_interrupted_and_run_again_resumes_it()
    {
        using var s = new SlurmSweep(cluster, epochs: 2);
        using var sweep = s.Start(Fault($"hang@1:{s.Id(1)}"));
        s.WaitForFault(1, "hang", 1, Long);
        var job = s.Claim(s.Id(1))!.Value.JobId;
        var pid = SlurmSweep.WorkerPid(job);
        Assert.NotNull(pid);
        Sweeps.Signal(pid.Value, 9);
        Assert.True(sweep.WaitForExit(Long), "the following `ablate run` did not notice the dead task");
        var output = sweep.StandardOutput.ReadToEnd();
        Assert.True(sweep.ExitCode == 1, output);
        Assert.Contains($"Slurm task {job} ended without recording a result", output);
        Assert.Equal("interrupted", s.Rows()[s.Id(1)].Status);

        var again = s.Run(Long);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("resuming at epoch 2 of 2", s.RunLog(1));
        AllDoneOnce(s, 2);
    }

    [Fact]
    public void The_submitting_run_killed_while_its_jobs_run_leaves_them_running_and_run_again_follows_them()
    {
        using var s = new SlurmSweep(cluster, epochs: 2);
        using (var first = s.Start(Fault("pause@1", pauseSeconds: 8)))
        {
            s.WaitForFault(0, "pause", 1, Long);
            first.Kill();   // SIGKILL: no chance to clean up
            first.WaitForExit();
        }
        var again = s.Run(Long);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("already held by live Slurm jobs: following them", again.Stdout);
        Assert.DoesNotContain("submitted job array", again.Stdout);
        Assert.Single(s.ArrayJobs());
        AllDoneOnce(s, 2);
    }

    [Fact]
    public void PostgreSQL_restarted_mid_sweep_the_workers_retry_and_no_run_fails()
    {
        using var s = new SlurmSweep(cluster, epochs: 2);
        using var sweep = s.Start(Fault("pause@1", pauseSeconds: 3));
        s.WaitForFault(0, "pause", 1, Long);
        cluster.StopPostgres();           // immediate: every connection is cut
        Thread.Sleep(TimeSpan.FromSeconds(8));   // the paused workers wake up and find no server
        cluster.StartPostgres();
        Assert.True(sweep.WaitForExit(Long), "the sweep did not finish after the server came back");
        var output = sweep.StandardOutput.ReadToEnd();
        Assert.True(sweep.ExitCode == 0, output + sweep.StandardError.ReadToEnd());
        Assert.Contains(Enumerable.Range(0, s.Runs.Count), i => s.RunLog(i).Contains("connection lost"));
        AllDoneOnce(s, 2);
    }

    [Fact]
    public void Usr2_checkpoints_and_requeues_the_task_and_a_resubmission_resumes_it()
    {
        using var s = new SlurmSweep(cluster, epochs: 3);
        var detached = s.Run(TimeSpan.FromSeconds(60), Fault($"pause@1:{s.Id(0)}", pauseSeconds: 6), "--detach");
        Assert.True(detached.ExitCode == 0, detached.ToString());
        s.WaitForFault(0, "pause", 1, Long);
        var job = s.Claim(s.Id(0))!.Value.JobId;
        cluster.Slurm("scancel", "--signal=USR2", "--batch", job);   // what --signal=B:USR2@secs sends before the limit

        // The worker stops at the next step (epoch 1 is checkpointed), records the run interrupted, then requeues itself:
        // the task comes back pending (BeginTime, about two minutes) with the same job id.
        Sweeps.WaitFor(() => s.Rows()[s.Id(0)].Status == "interrupted" && cluster.Queue(job.Split('_')[0]).Any(l => l == job + "|PENDING"),
            Long, "the run recorded interrupted and its task requeued");
        var log = s.RunLog(0);
        Assert.Contains("SIGUSR2", log);
        Assert.Contains($"requeueing job {job}", log);
        Assert.Equal([1L], s.Rows()[s.Id(0)].Epochs);

        // Rather than wait for the requeued task: cancel it and submit again; the new task resumes from the checkpoint.
        cluster.Slurm("scancel", job);
        s.WaitUntilQueueEmpty(Long);
        var again = s.Run(Long);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("resuming at epoch 2 of 3", s.RunLog(0));
        AllDoneOnce(s, 3);
    }
}
