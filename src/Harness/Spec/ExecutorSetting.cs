namespace Ablation.Harness.Spec;

/// <summary>
/// One field of the matrix's <c>executor:</c> section as written (<c>type: slurm</c>, <c>partition: gpu</c>,
/// <c>sbatch_args: [--qos=high]</c>): its values and where. It sets how runs are executed, never what they
/// compute, so it is not part of any run id. <see cref="Slurm.SlurmResources"/> checks the values.
/// </summary>
public sealed record ExecutorSetting(string Field, IReadOnlyList<string> Values, bool IsList, SourceMark Mark);
