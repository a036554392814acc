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
        var runDir = new Option<string?>("--run-dir") { Description = "the run's folder, results/<experiment>/<run-id> (with run.json)" };
        var manifest = new Option<string?>("--manifest") { Description = "inside a Slurm array task: the file listing one run folder per array index" };
        var store = new Option<string?>("--store") { Description = "the results store to record in (with --manifest, default: $ABLATE_STORE)" };
        var device = new Option<string>("--device") { Description = "cpu, cuda or cuda:N", DefaultValueFactory = _ => "cpu" };
        var threads = new Option<int>("--threads") { Description = "libtorch CPU threads", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("worker", "train one run of a sweep in this process (used by ablate run)") { runDir, manifest, store, device, threads };
        command.Hidden = true;
        command.SetAction(p =>
        {
            return HarnessOptions.Guard(() =>
            {
                int n = Math.Max(1, p.GetValue(threads));
                if (p.GetValue(manifest) is { } m)
                    return SlurmWorker.Run(m, p.GetValue(store), p.GetValue(device)!, n);
                return new WorkerHost(new TrainerRunTrainer()).Run(
                    p.GetValue(runDir) ?? throw new ArgumentException("--run-dir: required (or --manifest inside a Slurm task)"),
                    p.GetValue(store) ?? throw new ArgumentException("--store: required"), p.GetValue(device)!, n);
            });
        });
        return command;
    }
}
