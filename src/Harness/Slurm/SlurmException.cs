namespace Ablation.Harness.Slurm;

/// <summary>A Slurm command failed (slurmctld down, a rejected submission): the CLI prints it as one line.</summary>
public sealed class SlurmException(string message) : Exception(message);
