using System.CommandLine;
using Ablation.Harness.Catalog;
using Ablation.Harness.Slurm;
using Ablation.Harness.Spec;
using Ablation.Harness.Store;

namespace Ablation.Harness.Cli;

/// <summary>
/// `ablate cancel <matrix>`: cancels the Slurm jobs that hold the matrix's runs (scancel of their arrays).
/// Running workers get SIGTERM, checkpoint and record their runs interrupted; `ablate run` again resumes them.
/// </summary>
public static class CancelCommand
{
    public static Command Create()
    {
        var matrix = HarnessOptions.Matrix();
        var results = HarnessOptions.Results();
        var store = HarnessOptions.Store();
        var command = new Command("cancel", "cancel the Slurm jobs of a (detached) sweep; its runs stay resumable") { matrix, results, store };
        command.SetAction(p =>
        {
            return HarnessOptions.Guard(() =>
            {
                var plan = MatrixPlan.Load(p.GetValue(matrix), new ExperimentsCatalog());
                var location = ResultStores.LocationFor(p.GetValue(results)!, p.GetValue(store));
                if (!ResultStores.IsPostgres(location))
                    throw new ArgumentException($"--store: '{location}' is not a postgres:// store; Slurm sweeps record their jobs in their PostgreSQL store");
                using var s = ResultStores.Open(location);
                try
                {
                    var ids = SlurmSweepJobs.Cancel(s, plan.Spec.Name, plan.Runs.Select(r => r.Spec.RunId), new SlurmClient());
                    Console.WriteLine(ids.Count == 0 ? $"{plan.Spec.Name}: no live Slurm jobs" : $"{plan.Spec.Name}: cancelled job(s) {string.Join(", ", ids)}");
                    return AblateCli.Ok;
                }
                catch (SlurmException e)
                {
                    Console.Error.WriteLine(e.Message);
                    return AblateCli.Failed;
                }
            });
        });
        return command;
    }
}
