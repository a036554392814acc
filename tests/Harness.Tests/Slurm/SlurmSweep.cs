using System.Diagnostics;
using Ablation.Harness.Catalog;
using Ablation.Harness.Spec;
using Npgsql;

namespace Ablation.Harness.Tests.Slurm;

/// <summary>
/// A tiny real sweep on the local cluster: resnet20 on 8x8 synthetic images, <c>epochs</c> epochs, runs of
/// two attention modules times <c>seeds</c> seeds, in its own results folder and its own database.
/// </summary>
public sealed class SlurmSweep : IDisposable
{
    public LocalCluster Cluster { get; }
    public TestFiles Files { get; } = new();
    public string Matrix { get; }
    public string Results => Files.PathOf("results");
    public string Store { get; }
    public IReadOnlyList<PlannedRun> Runs { get; }

    public SlurmSweep(LocalCluster cluster, int epochs = 2, int seeds = 1, string? executor = "{ type: slurm, cpus_per_run: 1 }")
    {
        Cluster = cluster;
        Store = cluster.NewStore();
        Matrix = Files.Write("sweep.yaml", $$"""
            name: sweep
            dataset: { name: synthetic, train: 64, test: 32, image: 8, classes: 4 }
            recipe: { preset: smoke, epochs: {{epochs}}, batch: 16 }
            axes: { backbone: [resnet20], attention: [none, se], seed: [{{string.Join(", ", Enumerable.Range(0, seeds))}}] }
            """ + (executor is null ? "" : $"\nexecutor: {executor}\n"));
        Runs = MatrixPlan.Load(Matrix, new ExperimentsCatalog()).Runs;
    }

    public string Id(int i) => Runs[i].Spec.RunId;

    public string RunDir(int i) => Path.Combine(Results, Runs[i].Spec.Experiment, Id(i));

    public string[] Args(params string[] extra) => ["run", Matrix, "--results", Results, "--store", Store, "--plain", .. extra];

    public Ablate.Result Run(TimeSpan timeout, IDictionary<string, string>? env = null, params string[] extra) =>
        Ablate.Run(Files.Root, Cluster.Env(env), timeout, Args(extra));

    /// <summary>`ablate run` started in the background (a test kills it or waits for it).</summary>
    public Process Start(IDictionary<string, string>? env = null, params string[] extra) => Ablate.Start(Files.Root, Cluster.Env(env), Args(extra));

    public Ablate.Result Command(TimeSpan timeout, params string[] args) => Ablate.Run(Files.Root, Cluster.Env(), timeout, args);

    /// <summary>(status, epochs_done, error, epochs recorded) per run id.</summary>
    public Dictionary<string, (string Status, long EpochsDone, string? Error, List<long> Epochs)> Rows()
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT run_id, status, epochs_done, error FROM runs";
        var rows = new Dictionary<string, (string, long, string?, List<long>)>();
        using (var r = cmd.ExecuteReader())
            while (r.Read()) rows[r.GetString(0)] = (r.GetString(1), r.GetInt64(2), r.IsDBNull(3) ? null : r.GetString(3), []);
        cmd.CommandText = "SELECT run_id, epoch FROM epochs ORDER BY run_id, epoch";
        using (var r = cmd.ExecuteReader())
            while (r.Read()) rows[r.GetString(0)].Item4.Add(r.GetInt64(1));
        return rows;
    }

    /// <summary>The claim of a run: (job id, state, attempt), or null.</summary>
    public (string JobId, string State, long Attempt)? Claim(string runId)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT job_id, state, attempt FROM claims WHERE run_id = @id";
        cmd.Parameters.AddWithValue("@id", runId);
        using var r = cmd.ExecuteReader();
        return r.Read() ? (r.GetString(0), r.GetString(1), r.GetInt64(2)) : null;
    }

    /// <summary>The distinct array job ids the claims name (one per submitted array still referenced).</summary>
    public List<string> ArrayJobs()
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT DISTINCT array_job_id FROM claims ORDER BY 1";
        var ids = new List<string>();
        using var r = cmd.ExecuteReader();
        while (r.Read()) ids.Add(r.GetInt64(0).ToString());
        return ids;
    }

    /// <summary>The pid of the worker process of array task <paramref name="jobId"/> (123_4), from /proc/*/environ.</summary>
    public static int? WorkerPid(string jobId)
    {
        var (array, index) = (jobId.Split('_')[0], jobId.Split('_')[1]);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (!cmdline.Contains(" worker --manifest ")) continue;
                var environ = File.ReadAllText(Path.Combine(dir, "environ")).Split('\0');
                if (environ.Contains($"SLURM_ARRAY_JOB_ID={array}") && environ.Contains($"SLURM_ARRAY_TASK_ID={index}")) return pid;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return null;
    }

    /// <summary>Waits until the fault marker of the run appears (the worker reached the fault), up to <paramref name="timeout"/>.</summary>
    public void WaitForFault(int run, string kind, int epoch, TimeSpan timeout) =>
        Sweeps.WaitFor(() => File.Exists(Path.Combine(RunDir(run), $"fault-{kind}-{epoch}.fired")), timeout, $"fault {kind}@{epoch} of run {run}");

    /// <summary>Waits until squeue no longer shows the job live (it ended and its worker is gone).</summary>
    public void WaitUntilGone(string jobId, TimeSpan timeout) =>
        Sweeps.WaitFor(() => Cluster.Queue(jobId.Split('_')[0]).All(l => !l.StartsWith(jobId + "|") || !LiveLine(l)), timeout, $"job {jobId} to end");

    public void WaitUntilQueueEmpty(TimeSpan timeout) =>
        Sweeps.WaitFor(() => ArrayJobs() is var jobs && (jobs.Count == 0 || Cluster.Queue([.. jobs]).All(l => !LiveLine(l))), timeout, "every job of the sweep to end");

    private static bool LiveLine(string line) => line.Split('|') is [_, var state, ..] && state is not ("COMPLETED" or "CANCELLED" or "FAILED" or "TIMEOUT" or "NODE_FAIL" or "OUT_OF_MEMORY" or "PREEMPTED");

    public string RunLog(int run) => File.Exists(Path.Combine(RunDir(run), "log.txt")) ? File.ReadAllText(Path.Combine(RunDir(run), "log.txt")) : "";

    private NpgsqlConnection Open()
    {
        var uri = new Uri(Store);
        var c = new NpgsqlConnection(new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host, Port = uri.Port, Username = "ablate", Database = uri.AbsolutePath.Trim('/'), Pooling = false,
        }.ConnectionString);
        c.Open();
        return c;
    }

    public void Dispose()
    {
        // No job of this sweep may outlive it.
        try
        {
            var jobs = ArrayJobs();
            if (jobs.Count > 0) Cluster.Slurm("scancel", [.. jobs]);
        }
        catch (Exception) { /* the database may be gone with a failed test */ }
        Files.Dispose();
    }
}
