using Ablation.Harness.Runs;

namespace Ablation.Harness.Spec;

/// <summary>
/// One run of an expanded matrix: its resolved spec and the cell it came from (axis values with their marks,
/// so a problem found with the run can point at the line that produced it). Several cells that resolve to the
/// same spec are one run; <see cref="Cells"/> counts them.
/// </summary>
public sealed record PlannedRun(RunSpec Spec, IReadOnlyDictionary<string, AxisValue> Cell, int Cells = 1)
{
    /// <summary>The attention as the matrix wrote it (<c>se</c>, <c>se(reduction=8)</c>): defaults are not repeated.</summary>
    public string AttentionLabel => Spec.Attention == "none" || !Cell.TryGetValue(AxisNames.Attention, out var v) ? Spec.Attention : v.Key;

    /// <summary>A one-line description for progress and logs.</summary>
    public string Label => $"{Spec.Backbone} {AttentionLabel}@{Spec.Placement} {Spec.Dataset} seed {Spec.Seed}";

    /// <summary>The mark of the first of the given axes this cell has (for error lines), else the file.</summary>
    public SourceMark MarkOf(string file, params string[] axes)
    {
        foreach (var a in axes)
            if (Cell.TryGetValue(a, out var v) && v.Mark.Line > 0) return v.Mark;
        return SourceMark.None(file);
    }
}
