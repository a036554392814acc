using System.CommandLine;
using Ablation.Harness.Slurm;
using Ablation.Harness.Worker;

namespace Ablation.Harness.Cli;

/// <summary>
/// `ablate worker`: trains one run of a sweep in its own process (started by `ablate run`, one per run, so a
/// crash or out-of-memory ends only that run). Hidden from help: users run `ablate run` or `ablate train`.
/// </summary>
public static class WorkerCommand
{
    public static Command Create()
    {
        var runDir = new Option<string?>("--run-dir", "the run's folder, results/<experiment>/<run-id> (with run.json)");
        var manifest = new Option<string?>("--manifest", "inside a Slurm array task: the file listing one run folder per array index");
        var store = new Option<string?>("--store", "the results store to record in (with --manifest, default: $ABLATE_STORE)");
        var device = new Option<string>("--device", () => "cpu", "cpu, cuda or cuda:N");
        var threads = new Option<int>("--threads", () => Environment.ProcessorCount, "libtorch CPU threads");
        var command = new Command("worker", "train one run of a sweep in this process (used by ablate run)") { runDir, manifest, store, device, threads };
        command.IsHidden = true;
        command.SetHandler(ctx =>
        {
            var p = ctx.ParseResult;
            ctx.ExitCode = HarnessOptions.Guard(() =>
            {
                int n = Math.Max(1, p.GetValueForOption(threads));
                if (p.GetValueForOption(manifest) is { } m)
                    return SlurmWorker.Run(m, p.GetValueForOption(store), p.GetValueForOption(device)!, n);
                return new WorkerHost(new TrainerRunTrainer()).Run(
                    p.GetValueForOption(runDir) ?? throw new ArgumentException("--run-dir: required (or --manifest inside a Slurm task)"),
                    p.GetValueForOption(store) ?? throw new ArgumentException("--store: required"), p.GetValueForOption(device)!, n);
            });
        });
        return command;
    }
}
