using Xunit;

namespace Ablation.Harness.Tests.Slurm;

/// <summary>
/// The claim a task takes before training, with a real worker process posing as another array task: a run a
/// live job holds is refused, a run whose holder is gone is taken, and a run already done ends the task at once.
/// </summary>
[Collection(SlurmCollection.Name)]
public sealed class SlurmClaimTests(LocalCluster cluster)
{
    private static Ablate.Result Task(SlurmSweep s, string manifest, long arrayJob, int index) =>
        Ablate.Run(s.Files.Root, s.Cluster.Env(new Dictionary<string, string>
        {
            ["SLURM_ARRAY_JOB_ID"] = arrayJob.ToString(), ["SLURM_ARRAY_TASK_ID"] = index.ToString(), ["SLURMD_NODENAME"] = "localhost",
            ["ABLATE_STORE"] = s.Store,
        }), TimeSpan.FromSeconds(120), "worker", "--manifest", manifest, "--threads", "1");

    [Fact]
    public void A_second_claim_of_a_run_held_by_a_live_job_is_refused_and_a_done_run_ends_the_task_at_once()
    {
        using var s = new SlurmSweep(cluster, epochs: 1);
        var submit = s.Run(TimeSpan.FromSeconds(60), null, "--detach", "--sbatch-arg=--hold");   // live (pending) holders
        Assert.True(submit.ExitCode == 0, submit.ToString());
        var job = s.Claim(s.Id(0))!.Value.JobId;
        var manifest = Directory.GetFiles(Path.Combine(s.Results, "sweep", ".slurm"), "*.runs").Single();
        int index = int.Parse(job.Split('_')[1]);

        var refused = Task(s, manifest, 999999, index);
        Assert.True(refused.ExitCode == 75, refused.ToString());
        Assert.Contains($"held by live job {job}", refused.Stderr);
        Assert.Equal("pending", s.Rows()[s.Id(0)].Status);               // nothing written
        Assert.Equal(job, s.Claim(s.Id(0))!.Value.JobId);

        // Once the holder is gone (cancelled), the same task takes the run and trains it.
        cluster.Slurm("scancel", job.Split('_')[0]);
        s.WaitUntilQueueEmpty(TimeSpan.FromSeconds(60));
        var taken = Task(s, manifest, 999999, index);
        Assert.True(taken.ExitCode == 0, taken.ToString());
        Assert.Equal(("999999_" + index, "claimed", 0L), s.Claim(s.Id(0)));
        Assert.Equal("done", s.Rows()[s.Id(0)].Status);

        // A task of a done run exits at once, without touching its claim or rows.
        var again = Task(s, manifest, 888888, index);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("already done", again.Stdout);
        Assert.Equal("999999_" + index, s.Claim(s.Id(0))!.Value.JobId);
        Assert.Equal([1L], s.Rows()[s.Id(0)].Epochs);
    }
}
