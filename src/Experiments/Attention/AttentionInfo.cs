namespace Ablation.Experiments.Attention;

/// <summary>What `ablate list attention` prints for one module: its name, the paper, the reference code
/// whose structure and state-dict keys it follows, and its options with their defaults.</summary>
public sealed record AttentionInfo(string Name, string Paper, string Reference, string Summary,
    IReadOnlyList<AttentionOption> Options);

/// <summary>One option of an attention module: its name, its default (the paper's), what values it takes
/// and what it changes.</summary>
public sealed record AttentionOption(string Name, string Default, string Allowed, string Description);
