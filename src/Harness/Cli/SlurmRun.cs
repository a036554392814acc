using Ablation.Harness.Slurm;
using Ablation.Harness.Spec;
using Ablation.Harness.Store;
using Ablation.Harness.Sweep;

namespace Ablation.Harness.Cli;

/// <summary>`ablate run --executor slurm`: submits, follows (or detaches), and says how to follow or cancel.</summary>
internal static class SlurmRun
{
    public static int Run(MatrixPlan plan, SlurmSweepOptions options, bool plain, string matrixPath)
    {
        SweepSummary summary;
        var client = new SlurmClient();
        try
        {
            if (plain) summary = new SlurmExecutor(options, new PlainProgress(Console.Out), client).Run(plan);
            else
            {
                var live = new LiveProgress();
                summary = live.Show(() => new SlurmExecutor(options, live, client).Run(plan));
            }
        }
        catch (SlurmException e)
        {
            Console.Error.WriteLine(e.Message);
            return AblateCli.Failed;
        }
        var store = ResultStores.Display(options.StoreLocation);
        var where = $"{matrixPath} --results {options.ResultsDir} --store {store}";
        if (summary.Detached)
        {
            Console.WriteLine($"{plan.Spec.Name}: {summary.AlreadyDone} of {summary.Total} runs done, {summary.NotStarted} on Slurm; the jobs keep running.");
            Console.WriteLine($"  follow: ablate status {where}");
            Console.WriteLine($"  cancel: ablate cancel {where}");
            return AblateCli.Ok;
        }
        Console.WriteLine($"{plan.Spec.Name}: {summary.AlreadyDone + summary.Done} of {summary.Total} runs done" +
                          $" ({summary.Done} now, {summary.AlreadyDone} before), {summary.Failed} failed, {summary.Interrupted} interrupted" +
                          (summary.Skipped > 0 ? $", {summary.Skipped} skipped (failed before: --retry-failed)" : "") + $"; store {store}");
        if (summary.Interrupted > 0) Console.WriteLine($"  interrupted runs resume from their checkpoints: ablate run {where} --executor slurm");
        return summary.Failed + summary.Interrupted > 0 ? AblateCli.Failed : AblateCli.Ok;
    }
}
