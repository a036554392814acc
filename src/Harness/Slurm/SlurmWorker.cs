using Ablation.Harness.Runs;
using Ablation.Harness.Worker;

namespace Ablation.Harness.Slurm;

/// <summary>
/// <c>ablate worker --manifest FILE</c>: the body of one array task. The manifest (written by the submitting
/// `ablate run` under <c>--results</c>) lists one run folder per line; the task trains line
/// SLURM_ARRAY_TASK_ID. The store URL comes from <c>--store</c> or ABLATE_STORE (sbatch passes the
/// submitter's environment, so the password is not on any command line).
/// </summary>
public static class SlurmWorker
{
    public const string StoreVariable = "ABLATE_STORE";

    public static int Run(string manifest, string? store, string device, int threads)
    {
        var task = SlurmTaskIdentity.FromEnvironment();
        store ??= Environment.GetEnvironmentVariable(StoreVariable)
                  ?? throw new ArgumentException($"--store: not given and {StoreVariable} is not set; allowed: postgres://user:password@host/db");
        string Unseen(string path) =>
            $"{path}: not found on node {task.Node ?? Environment.MachineName}: --results must be a directory every node sees (a shared file system)";
        if (!File.Exists(manifest)) throw new ArgumentException(Unseen(manifest));
        var lines = File.ReadAllLines(manifest);
        if (task.ArrayIndex < 0 || task.ArrayIndex >= lines.Length)
            throw new ArgumentException($"{manifest}: has {lines.Length} runs, no line for array index {task.ArrayIndex}");
        var runDir = lines[task.ArrayIndex].Trim();
        if (!File.Exists(new RunDirectory(runDir).SpecFile)) throw new ArgumentException(Unseen(runDir));
        WorkerProtocol.Enabled = false;
        using var log = RunLogTee.Attach(new RunDirectory(runDir),
            $"slurm job {task.JobId}, attempt {task.Attempt}, on {task.Node} ({device}, {threads} threads), code {CodeVersion.Current}");
        return new WorkerHost(new TrainerRunTrainer()).Run(runDir, store, device, threads, new SlurmTaskLease(task, new SlurmClient()));
    }
}
