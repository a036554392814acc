using System.Globalization;
using Ablation.Harness.Sweep;

namespace Ablation.Harness.Slurm;

/// <summary>
/// The sbatch submission of one job array: its options (a command line, so nothing is left in a script file
/// beside the results) and the batch script, which replaces itself with `ablate worker --manifest` so the
/// worker is the batch shell and receives the <c>B:USR2</c> signal itself.
/// </summary>
public static class SlurmJobScript
{
    public static IReadOnlyList<string> Arguments(string experiment, int tasks, string slurmDir, SlurmResources r)
    {
        var args = new List<string>
        {
            $"--job-name=ablate-{experiment}",
            $"--array=0-{tasks - 1}" + (r.ArrayParallelism is { } p ? $"%{p}" : ""),
            $"--output={Path.Combine(slurmDir, "%A_%a.out")}",
            "--open-mode=append",
            "--requeue",
            $"--signal=B:USR2@{r.SignalSeconds}",
            "--ntasks=1",
            $"--cpus-per-task={r.CpusPerRun}",
            $"--chdir={Directory.GetCurrentDirectory()}",
        };
        if (r.MemPerRun is { } m) args.Add($"--mem={m}");
        if (r.GpusPerRun > 0) args.Add($"--gres=gpu:{r.GpusPerRun}");
        if (r.Time is { } t) args.Add($"--time={t}");
        if (r.Partition is { } part) args.Add($"--partition={part}");
        args.AddRange(r.SbatchArgs);
        return args;
    }

    /// <summary>The batch script: one worker per task; on a GPU allocation the worker uses cuda:0 (Slurm sets CUDA_VISIBLE_DEVICES).</summary>
    public static string Script(string experiment, string manifest, SlurmResources r)
    {
        var (host, prefix) = WorkerProcess.Launcher();
        var command = new List<string> { host };
        command.AddRange(prefix);
        command.AddRange(["worker", "--manifest", manifest, "--device", r.GpusPerRun > 0 ? "cuda:0" : "cpu"]);
        return $"""
            #!/bin/bash
            # ablate sweep {experiment}: array task i trains the run on line i of {manifest}
            # (the store URL comes from ABLATE_STORE in the submitter's environment, which sbatch passes on)
            export OMP_NUM_THREADS="${"{"}SLURM_CPUS_PER_TASK:-{r.CpusPerRun.ToString(CultureInfo.InvariantCulture)}{"}"}"
            export DOTNET_gcServer=0
            exec {string.Join(" ", command.Select(Quote))} --threads "$OMP_NUM_THREADS"

            """;
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
}
