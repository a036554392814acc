using System.CommandLine;
using Ablation.Harness.Store;

namespace Ablation.Harness.Cli;

/// <summary>`ablate store rebuild`: recreates the store's rows from the run folders (the source of truth).</summary>
public static class StoreCommand
{
    public static Command Create()
    {
        var results = HarnessOptions.Results();
        var store = HarnessOptions.Store();
        var rebuild = new Command("rebuild", "rebuild the store from results/<experiment>/<run-id>/ folders (run.json, metrics.jsonl, result.json)")
            { results, store };
        rebuild.SetAction(p =>
        {
            return HarnessOptions.Guard(() =>
            {
                var dir = p.GetValue(results)!;
                using var s = ResultStores.Open(ResultStores.LocationFor(dir, p.GetValue(store)));
                int n = StoreRebuilder.Rebuild(dir, s, warn => Console.Error.WriteLine(warn));
                Console.WriteLine($"rebuilt {n} runs from {dir} into {s.Location}");
                return AblateCli.Ok;
            });
        });
        return new Command("store", "maintain the results store") { rebuild };
    }
}
