namespace Ablation.Harness.Store;

/// <summary>A store this version of ablate must not write (a newer schema, or not a results store at all).</summary>
public sealed class StoreVersionException(string message) : Exception(message);
