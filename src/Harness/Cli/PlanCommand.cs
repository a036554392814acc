using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Ablation.Harness.Catalog;
using Ablation.Harness.Runs;
using Ablation.Harness.Spec;
using Ablation.Harness.Store;
using Spectre.Console;

namespace Ablation.Harness.Cli;

/// <summary>
/// `ablate plan`: validates a matrix and lists its runs (short id, axes, params, MACs from the meta device,
/// state in the store) with totals; trains nothing. Only the axes that vary are shown as columns. For detector
/// runs the layer table of each model structure follows (<see cref="PlanLayerTables"/>; <c>--no-layers</c>: not).
/// </summary>
public static class PlanCommand
{
    public static Command Create()
    {
        var matrix = HarnessOptions.Matrix();
        var json = HarnessOptions.Json();
        var results = HarnessOptions.Results();
        var store = HarnessOptions.Store();
        // plan builds every configuration's model on the meta device to count its cost.
        var threads = ModelOptions.ThreadsOption();
        var noLayers = new Option<bool>("--no-layers")
        {
            Description = "leave out the layer tables printed for detector runs (one per detector x attention x placement, with the inserted modules)",
        };
        var command = new Command("plan", "validate a matrix and list its runs with params, MACs and state, and each detector structure's layer table; trains nothing")
            { matrix, json, results, store, threads, noLayers };
        command.SetAction(p =>
        {
            return HarnessOptions.Guard(() =>
            {
                ModelOptions.ApplyThreads(p.GetValue(threads));
                return Run(p.GetValue(matrix), p.GetValue(json), p.GetValue(results)!, p.GetValue(store), layers: !p.GetValue(noLayers));
            });
        });
        return command;
    }

    public static int Run(string matrixPath, bool asJson, string resultsDir, string? storeLocation, bool layers = true)
    {
        var plan = MatrixPlan.Load(matrixPath, new ExperimentsCatalog());
        var states = ReadStates(plan, resultsDir, storeLocation);
        if (asJson)
        {
            Console.WriteLine(ToJson(plan, states).ToJsonString());
            return AblateCli.Ok;
        }
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 240;   // files and pipes: no wrapping
        var varying = Varying(plan);
        var table = new Table().Border(TableBorder.Simple);
        foreach (var c in new[] { "id" }.Concat(varying).Concat(["params", "MACs", "state"])) table.AddColumn(c);
        foreach (var run in plan.Runs)
        {
            var cost = plan.Costs.GetValueOrDefault(run.Spec.RunId);
            var cells = new List<string> { run.Spec.ShortId };
            cells.AddRange(varying.Select(axis => axis == AxisNames.Attention ? run.AttentionLabel : AxisText(run.Spec, axis)));
            cells.Add(cost is null ? "" : Human(cost.Params));
            cells.Add(cost is null ? "" : Human(cost.Macs));
            cells.Add(states[run.Spec.RunId]);
            table.AddRow(cells.Select(Markup.Escape).ToArray());
        }
        AnsiConsole.WriteLine($"{plan.Spec.Name} ({plan.Spec.File}): {plan.Runs.Count} runs");
        AnsiConsole.Write(table);
        if (layers) PlanLayerTables.Write(Console.Out, PlanLayerTables.Of(plan));
        var counts = states.Values.GroupBy(s => s).OrderBy(g => RunStates.Order.ToList().IndexOf(g.Key)).Select(g => $"{g.Count()} {g.Key}");
        var epochs = plan.Runs.Sum(r => (int?)r.Spec.Recipe.GetValueOrDefault("epochs") ?? 0);
        AnsiConsole.WriteLine($"total: {plan.Runs.Count} runs ({string.Join(", ", counts)}), {epochs} epochs to train in all");
        return AblateCli.Ok;
    }

    /// <summary>Each run's state; <c>new</c> for all when the store does not exist yet (plan never creates it).</summary>
    internal static Dictionary<string, string> ReadStates(MatrixPlan plan, string resultsDir, string? storeLocation)
    {
        var location = ResultStores.LocationFor(resultsDir, storeLocation);
        if (!ResultStores.IsPostgres(location) && !File.Exists(location))
            return plan.Runs.ToDictionary(r => r.Spec.RunId, _ => RunStates.New);
        using var store = ResultStores.Open(location);
        var rows = store.Runs(plan.Spec.Name);
        return plan.Runs.ToDictionary(r => r.Spec.RunId, r => RunStates.Of(rows.GetValueOrDefault(r.Spec.RunId), resultsDir));
    }

    /// <summary>The axes whose value differs between runs, in a fixed order (recipe fields last).</summary>
    internal static List<string> Varying(MatrixPlan plan)
    {
        var axes = new List<string> { AxisNames.Backbone, AxisNames.Attention, AxisNames.Placement, AxisNames.Stages, AxisNames.Stem, AxisNames.Width, AxisNames.Dataset, AxisNames.Seed };
        axes.AddRange(plan.Runs.SelectMany(r => r.Spec.Recipe.Keys).Distinct());
        return axes.Where(a => plan.Runs.Select(r => AxisText(r.Spec, a)).Distinct().Count() > 1
                               || a is AxisNames.Backbone or AxisNames.Attention or AxisNames.Seed).ToList();
    }

    internal static string AxisText(RunSpec s, string axis) => axis switch
    {
        AxisNames.Backbone => s.Backbone,
        AxisNames.Attention => s.AttentionLabel(withOptions: true),
        AxisNames.Placement => s.Placement,
        AxisNames.Stages => s.Stages is null ? "all" : string.Join(",", s.Stages),
        AxisNames.Stem => s.Stem ?? "auto",
        AxisNames.Width => s.Width.ToString(CultureInfo.InvariantCulture),
        AxisNames.Dataset => s.DatasetOptions.Count == 0 ? s.Dataset : $"{s.Dataset}({string.Join(",", s.DatasetOptions.Where(kv => kv.Key != "root").Select(kv => $"{kv.Key}={kv.Value}"))})",
        AxisNames.Seed => s.Seed.ToString(CultureInfo.InvariantCulture),
        _ => s.RecipeText(axis),
    };

    private static JsonObject ToJson(MatrixPlan plan, Dictionary<string, string> states)
    {
        var runs = new JsonArray();
        foreach (var run in plan.Runs)
        {
            var o = run.Spec.ToJson();
            o["run_id"] = run.Spec.RunId;
            o["short_id"] = run.Spec.ShortId;
            var cost = plan.Costs.GetValueOrDefault(run.Spec.RunId);
            o["params"] = cost?.Params;
            o["macs"] = cost?.Macs;
            o["state"] = states[run.Spec.RunId];
            runs.Add(o);
        }
        var totals = new JsonObject { ["runs"] = plan.Runs.Count };
        foreach (var state in RunStates.Order) totals[state] = states.Values.Count(s => s == state);
        return new JsonObject { ["experiment"] = plan.Spec.Name, ["file"] = plan.Spec.File, ["runs"] = runs, ["totals"] = totals };
    }

    internal static string Human(long n) => n switch
    {
        >= 1_000_000_000 => (n / 1e9).ToString("0.00", CultureInfo.InvariantCulture) + "G",
        >= 1_000_000 => (n / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + "M",
        >= 1_000 => (n / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + "K",
        _ => n.ToString(CultureInfo.InvariantCulture),
    };
}
