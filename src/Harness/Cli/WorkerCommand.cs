using System.CommandLine;
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
        var runDir = new Option<string>("--run-dir", "the run's folder, results/<experiment>/<run-id> (with run.json)") { IsRequired = true };
        var store = new Option<string>("--store", "the results store to record in") { IsRequired = true };
        var device = new Option<string>("--device", () => "cpu", "cpu, cuda or cuda:N");
        var threads = new Option<int>("--threads", () => Environment.ProcessorCount, "libtorch CPU threads");
        var command = new Command("worker", "train one run of a sweep in this process (used by ablate run)") { runDir, store, device, threads };
        command.IsHidden = true;
        command.SetHandler(ctx =>
        {
            var p = ctx.ParseResult;
            ctx.ExitCode = HarnessOptions.Guard(() => new WorkerHost(new TrainerRunTrainer())
                .Run(p.GetValueForOption(runDir)!, p.GetValueForOption(store)!, p.GetValueForOption(device)!, Math.Max(1, p.GetValueForOption(threads))));
        });
        return command;
    }
}
