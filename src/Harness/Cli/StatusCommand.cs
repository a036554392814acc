using System.CommandLine;
using System.Text.Json.Nodes;
using Ablation.Harness.Catalog;
using Ablation.Harness.Runs;
using Ablation.Harness.Spec;
using Ablation.Harness.Store;
using Ablation.Reports.Schema;

namespace Ablation.Harness.Cli;

/// <summary>
/// `ablate status [matrix]`: runs per state for each experiment in the store (or for one matrix, counting its
/// runs the store has not seen as new), and every failed run with its reason.
/// </summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var matrix = new Argument<string?>("matrix") { Description = "only this matrix's runs", DefaultValueFactory = _ => null, Arity = ArgumentArity.ZeroOrOne };
        var json = HarnessOptions.Json();
        var results = HarnessOptions.Results();
        var store = HarnessOptions.Store();
        var verbose = new Option<bool>("--verbose") { Description = "show the log tail of each failed run" };
        var command = new Command("status", "runs per state and the failed runs with their reasons") { matrix, json, verbose, results, store };
        command.SetAction(p =>
        {
            return HarnessOptions.Guard(() => Run(p.GetValue(matrix), p.GetValue(json), p.GetValue(verbose),
                p.GetValue(results)!, p.GetValue(store)));
        });
        return command;
    }

    public static int Run(string? matrixPath, bool asJson, bool verbose, string resultsDir, string? storeLocation)
    {
        var location = ResultStores.LocationFor(resultsDir, storeLocation);
        var plan = matrixPath is null ? null : MatrixPlan.Load(matrixPath, new ExperimentsCatalog());
        if (!ResultStores.IsPostgres(location) && !File.Exists(location))
        {
            if (plan is null)
            {
                Console.Error.WriteLine($"{location}: no results store yet; run `ablate run <matrix>` first");
                return AblateCli.Failed;
            }
        }
        // (experiment, run id, state, row) for every run to report on.
        var entries = new List<(string Experiment, string RunId, string State, RunRecord? Row)>();
        using (var store = !ResultStores.IsPostgres(location) && !File.Exists(location) ? null : ResultStores.Open(location))
        {
            if (plan is not null)
            {
                var rows = store?.Runs(plan.Spec.Name) ?? new Dictionary<string, RunRecord>();
                foreach (var run in plan.Runs)
                {
                    var row = rows.GetValueOrDefault(run.Spec.RunId);
                    entries.Add((plan.Spec.Name, run.Spec.RunId, RunStates.Of(row, resultsDir), row));
                }
            }
            else
                foreach (var row in store!.Runs().Values.OrderBy(r => r.Experiment, StringComparer.Ordinal))
                    entries.Add((row.Experiment, row.RunId, RunStates.Of(row, resultsDir), row));
        }

        if (asJson)
        {
            var experiments = new JsonObject();
            foreach (var g in entries.GroupBy(e => e.Experiment))
            {
                var counts = new JsonObject { ["runs"] = g.Count() };
                foreach (var state in RunStates.Order) counts[state] = g.Count(e => e.State == state);
                counts["failed_runs"] = new JsonArray(g.Where(e => e.State == RunStatus.Failed)
                    .Select(e => (JsonNode)new JsonObject { ["run_id"] = e.RunId, ["error"] = e.Row?.Error }).ToArray());
                experiments[g.Key] = counts;
            }
            Console.WriteLine(new JsonObject { ["store"] = ResultStores.Display(location), ["experiments"] = experiments }.ToJsonString());
            return AblateCli.Ok;
        }
        Console.WriteLine($"store {ResultStores.Display(location)}");
        foreach (var g in entries.GroupBy(e => e.Experiment))
        {
            var counts = RunStates.Order.Select(s => (s, n: g.Count(e => e.State == s))).Where(x => x.n > 0).Select(x => $"{x.n} {x.s}");
            Console.WriteLine($"{g.Key}: {g.Count()} runs: {string.Join(", ", counts)}");
            foreach (var failed in g.Where(e => e.State == RunStatus.Failed))
            {
                var r = failed.Row!;
                var lines = (r.Error ?? "failed").Split('\n');
                Console.WriteLine($"  failed {failed.RunId[..8]} {r.Backbone} {r.Attention}@{r.Placement} {r.Dataset} seed {r.Seed}: {lines[0]}");
                if (verbose)
                    foreach (var line in lines.Skip(1)) Console.WriteLine("      " + line);
            }
        }
        return AblateCli.Ok;
    }
}
