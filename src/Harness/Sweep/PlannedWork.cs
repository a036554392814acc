using Ablation.Harness.Runs;

namespace Ablation.Harness.Sweep;

/// <summary>A run the sweep will train: its spec, folder and how many times it has been started in this sweep.</summary>
public sealed class PlannedWork(RunSpec spec, RunDirectory dir, string label)
{
    public string Label { get; } = label;
    public RunSpec Spec { get; } = spec;
    public RunDirectory Dir { get; } = dir;
    public int Attempts { get; set; }
    public override string ToString() => $"{Spec.ShortId} {Label}";
}
