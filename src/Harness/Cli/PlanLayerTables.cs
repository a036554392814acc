using Ablation.Harness.Runs;
using Ablation.Harness.Spec;

namespace Ablation.Harness.Cli;

/// <summary>
/// The layer tables `ablate plan` prints after its runs table for detector runs (issue 13: "ablate plan and
/// ablate profile print the layer table with the inserted modules, so a user can check where each one went").
/// One table per distinct model structure, i.e. detector x attention (with its options) x placement (and the
/// class count of the data set, which sizes Detect); seeds, data set roots and recipes share it. The table is
/// the one `ablate profile` prints (<see cref="Ablation.Experiments.Detectors.LayerTable"/>), taken from the
/// profile the model validator already made, so printing it builds nothing. `--no-layers` leaves them out.
/// </summary>
public static class PlanLayerTables
{
    /// <summary>One model structure: a title (<c>yolov5n + cbam @ after:[4,6]</c>), the runs that share it, its table.</summary>
    public sealed record Structure(string Title, IReadOnlyList<PlannedRun> Runs, string Table);

    /// <summary>How many run ids a title lists before it says how many more.</summary>
    private const int IdsShown = 4;

    /// <summary>The detector structures of a plan in run order (runs without a layer table, i.e. backbones, have none).</summary>
    public static IReadOnlyList<Structure> Of(MatrixPlan plan)
    {
        var structures = new List<(string Key, string Title, List<PlannedRun> Runs, string Table)>();
        foreach (var run in plan.Runs)
        {
            if (plan.Costs.GetValueOrDefault(run.Spec.RunId)?.LayerTable is not { } table) continue;
            var s = run.Spec;
            var title = s.Attention == "none" ? $"{s.Backbone}, no attention" : $"{s.Backbone} + {run.AttentionLabel} @ {s.Placement}";
            var key = $"{s.Backbone}|{s.AttentionLabel(withOptions: true)}|{s.Placement}|{table}";
            var known = structures.FindIndex(x => x.Key == key);
            if (known >= 0) structures[known].Runs.Add(run);
            else structures.Add((key, title, [run], table));
        }
        return structures.Select(x => new Structure(x.Title, x.Runs, x.Table)).ToList();
    }

    /// <summary>Writes each structure's title line (with its runs' short ids) and table, a blank line between them.</summary>
    public static void Write(TextWriter w, IReadOnlyList<Structure> structures)
    {
        if (structures.Count == 0) return;
        w.WriteLine($"layer tables: {structures.Count} detector model {(structures.Count == 1 ? "structure" : "structures")} (base layer indices as in the yaml; the attention column shows each inserted module and its params; --no-layers leaves this out)");
        foreach (var structure in structures)
        {
            w.WriteLine();
            var ids = structure.Runs.Take(IdsShown).Select(r => r.Spec.ShortId).ToList();
            if (structure.Runs.Count > IdsShown) ids.Add($"{structure.Runs.Count - IdsShown} more");
            w.WriteLine($"{structure.Title}: {structure.Runs.Count} {(structure.Runs.Count == 1 ? "run" : "runs")} ({string.Join(", ", ids)})");
            w.WriteLine(structure.Table);
        }
        w.WriteLine();
    }
}
