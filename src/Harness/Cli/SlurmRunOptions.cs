using System.CommandLine;
using System.CommandLine.Parsing;
using Ablation.Harness.Slurm;
using Ablation.Harness.Spec;
using Ablation.Harness.Store;

namespace Ablation.Harness.Cli;

/// <summary>
/// The options `ablate run` takes for the Slurm executor (DESIGN.md section 5), and how they combine with the
/// matrix's <c>executor:</c> section (the command line wins). Kept apart from RunCommand so that file stays
/// about the local executor.
/// </summary>
internal sealed class SlurmRunOptions
{
    private readonly Option<string?> _executor = new("--executor") { Description = "local (this machine's devices; the default) or slurm (job arrays; needs a postgres:// --store and a --results directory every node sees)" };
    private readonly Option<string?> _partition = new("--partition") { Description = "slurm: the partition to submit to" };
    private readonly Option<int?> _gpus = new("--gpus-per-run") { Description = "slurm: GPUs per run (each worker uses cuda:0 of its allocation)" };
    private readonly Option<int?> _cpus = new("--cpus-per-run") { Description = "slurm: CPUs per run (also the worker's libtorch threads)" };
    private readonly Option<string?> _mem = new("--mem-per-run") { Description = "slurm: memory per run, e.g. 16G (sbatch --mem)" };
    private readonly Option<string?> _time = new("--time") { Description = "slurm: time limit per run (sbatch --time, e.g. 2:00:00); SIGUSR2 comes 120 s before it" };
    private readonly Option<int?> _parallel = new("--array-parallelism") { Description = "slurm: at most N runs at once (the array's %N throttle)" };
    private readonly Option<string[]> _sbatch = new("--sbatch-arg") { Description = "slurm: an extra sbatch option, passed through (repeatable), e.g. --sbatch-arg=--qos=high", AllowMultipleArgumentsPerToken = false };
    private readonly Option<bool> _detach = new("--detach") { Description = "slurm: return after submitting and print the job ids (then: ablate status / ablate cancel)" };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { _executor, _partition, _gpus, _cpus, _mem, _time, _parallel, _sbatch, _detach }) command.Options.Add(o);
    }

    /// <summary>Whether this run goes to Slurm: <c>--executor</c>, else the matrix's <c>executor.type</c>, else local.</summary>
    public bool IsSlurm(ParseResult p, MatrixSpec spec)
    {
        var name = p.GetValue(_executor) ?? SlurmResources.TypeOf(spec.Executor) ?? "local";
        return name switch
        {
            "local" => false,
            "slurm" => true,
            _ => throw new ArgumentException($"--executor: '{name}' is not an executor; allowed: local, slurm"),
        };
    }

    /// <summary>The Slurm sweep's options; a SQLite store is refused here (exit 2) with the reason.</summary>
    public SlurmSweepOptions Read(ParseResult p, MatrixSpec spec, string resultsDir, string storeLocation, bool retryFailed)
    {
        if (!ResultStores.IsPostgres(storeLocation))
            throw new ArgumentException(
                $"--store: '{storeLocation}' is a SQLite file; the Slurm executor needs --store postgres://user:password@host:5432/db, " +
                "because SQLite's locking is not safe on the network file systems a cluster's nodes share");
        var fromYaml = SlurmResources.FromSettings(spec.Executor, []);
        var r = fromYaml with
        {
            Partition = p.GetValue(_partition) ?? fromYaml.Partition,
            GpusPerRun = p.GetValue(_gpus) ?? fromYaml.GpusPerRun,
            CpusPerRun = p.GetValue(_cpus) ?? fromYaml.CpusPerRun,
            MemPerRun = p.GetValue(_mem) ?? fromYaml.MemPerRun,
            Time = p.GetValue(_time) ?? fromYaml.Time,
            ArrayParallelism = p.GetValue(_parallel) ?? fromYaml.ArrayParallelism,
            SbatchArgs = [.. fromYaml.SbatchArgs, .. p.GetValue(_sbatch) ?? []],
        };
        return new SlurmSweepOptions
        {
            ResultsDir = Path.GetFullPath(resultsDir),   // every node reads the manifests' absolute paths
            StoreLocation = storeLocation,
            Resources = r.Validated(),
            RetryFailed = retryFailed,
            Detach = p.GetValue(_detach),
        };
    }

    /// <summary>Slurm options given while the executor is local: bad input rather than silently ignored.</summary>
    public void RefuseWithoutSlurm(ParseResult p)
    {
        foreach (var o in new Option[] { _partition, _gpus, _cpus, _mem, _time, _parallel, _sbatch, _detach })
            if (p.GetResult(o) is { Implicit: false })
                throw new ArgumentException($"{o.Name}: applies to the Slurm executor only; add --executor slurm (or executor: {{ type: slurm }} in the matrix)");
    }
}
