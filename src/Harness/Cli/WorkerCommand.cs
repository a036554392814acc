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
        var runDir = new Option<string>("--run-dir") { Description = "the run's folder, results/<experiment>/<run-id> (with run.json)", Required = true };
        var store = new Option<string>("--store") { Description = "the results store to record in", Required = true };
        var device = new Option<string>("--device") { Description = "cpu, cuda or cuda:N", DefaultValueFactory = _ => "cpu" };
        var threads = new Option<int>("--threads") { Description = "libtorch CPU threads", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("worker", "train one run of a sweep in this process (used by ablate run)") { runDir, store, device, threads };
        command.Hidden = true;
        command.SetAction(p =>
        {
            return HarnessOptions.Guard(() => new WorkerHost(new TrainerRunTrainer())
                .Run(p.GetValue(runDir)!, p.GetValue(store)!, p.GetValue(device)!, Math.Max(1, p.GetValue(threads))));
        });
        return command;
    }
}
