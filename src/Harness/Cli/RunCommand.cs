using System.CommandLine;
using Ablation.Harness.Catalog;
using Ablation.Harness.Spec;
using Ablation.Harness.Store;
using Ablation.Harness.Sweep;

namespace Ablation.Harness.Cli;

/// <summary>
/// `ablate run`: validates a matrix, then trains every run not yet done, each in its own worker process on
/// the given devices. Running it again trains nothing new; after a crash or kill it resumes. Exit 0 when every
/// run is done, 1 when some failed, 2 for bad input, 130 when stopped by Ctrl+C.
/// </summary>
public static class RunCommand
{
    public const int Stopped = 130;

    public static Command Create()
    {
        var matrix = HarnessOptions.Matrix();
        var devices = new Option<string>("--devices") { Description = "devices to run on: cpu, or cuda:0,cuda:1,...", DefaultValueFactory = _ => "cpu" };
        var jobs = new Option<int?>("--jobs") { Description = "workers at once (default: one per device)" };
        var retries = new Option<int>("--retries") { Description = "start a failed run again up to N more times in this sweep (it resumes from its checkpoint)", DefaultValueFactory = _ => 0 };
        var retryFailed = new Option<bool>("--retry-failed") { Description = "also run the runs the store has as failed" };
        var timeout = new Option<string?>("--timeout") { Description = "stop and fail a run still going after this long (90s, 30m, 2h)" };
        var threads = new Option<int>("--threads") { Description = "CPU threads for all workers together (divided between CPU workers)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var plain = new Option<bool>("--plain") { Description = "plain log lines instead of the live view (automatic when stdout is not a terminal)" };
        var results = HarnessOptions.Results();
        var store = HarnessOptions.Store();
        var command = new Command("run", "train every run of a matrix not done yet, one worker process per run; resumes after a crash or kill")
            { matrix, devices, jobs, retries, retryFailed, timeout, threads, plain, results, store };
        command.SetAction(p =>
        {
            return HarnessOptions.Guard(() =>
            {
                var deviceList = p.GetValue(devices)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                foreach (var d in deviceList)
                    if (d != "cpu" && d != "cuda" && !(d.StartsWith("cuda:") && int.TryParse(d[5..], out var n) && n >= 0))
                        throw new ArgumentException($"--devices: '{d}' is not a device; allowed: cpu, cuda, cuda:N (comma-separated)");
                var resultsDir = p.GetValue(results)!;
                var options = new SweepOptions
                {
                    Devices = deviceList,
                    Jobs = p.GetValue(jobs) is { } j ? (j >= 1 ? j : throw new ArgumentException("--jobs: allowed: an integer >= 1")) : deviceList.Length,
                    Retries = p.GetValue(retries) is var r and >= 0 ? r : throw new ArgumentException("--retries: allowed: an integer >= 0"),
                    RetryFailed = p.GetValue(retryFailed),
                    Timeout = p.GetValue(timeout) is { } t ? HarnessOptions.ParseDuration(t) : null,
                    Threads = Math.Max(1, p.GetValue(threads)),
                    ResultsDir = resultsDir,
                    StoreLocation = ResultStores.LocationFor(resultsDir, p.GetValue(store)),
                };
                var plan = MatrixPlan.Load(p.GetValue(matrix), new ExperimentsCatalog());
                return Run(plan, options, p.GetValue(plain) || Console.IsOutputRedirected);
            });
        });
        return command;
    }

    public static int Run(MatrixPlan plan, SweepOptions options, bool plain)
    {
        SweepSummary summary;
        if (plain)
            summary = new SweepScheduler(options, new PlainProgress(Console.Out)).Run(plan);
        else
        {
            var live = new LiveProgress();
            summary = live.Show(() => new SweepScheduler(options, live).Run(plan));
        }
        Console.WriteLine($"{plan.Spec.Name}: {summary.AlreadyDone + summary.Done} of {summary.Total} runs done" +
                          $" ({summary.Done} now, {summary.AlreadyDone} before), {summary.Failed} failed, {summary.Interrupted} interrupted" +
                          (summary.NotStarted > 0 ? $", {summary.NotStarted} not started" : "") +
                          (summary.Skipped > 0 ? $", {summary.Skipped} skipped (failed before: --retry-failed; or running elsewhere)" : "") +
                          $"; store {ResultStores.Display(options.StoreLocation)}");
        if (summary.Stopped) return Stopped;
        return summary.Failed > 0 ? AblateCli.Failed : AblateCli.Ok;
    }
}
