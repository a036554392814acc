namespace Ablation.Reports.Aggregation;

/// <summary>
/// What runs of one configuration share (everything but the seed): experiment, backbone, attention with
/// its options, placement, dataset, and <see cref="Variant"/> — the recipe fields that vary within the
/// experiment (for example <c>lr=0.05</c>), empty when the recipe is the same for every run.
/// </summary>
public sealed record ConfigurationKey(
    string Experiment,
    string Backbone,
    string Attention,
    string AttentionOptions,
    string Placement,
    string Dataset,
    string Variant = "")
{
    /// <summary><c>se</c>, or <c>se(reduction=8)</c> when options were given.</summary>
    public string AttentionLabel => AttentionOptions.Length == 0 ? Attention : $"{Attention}({AttentionOptions})";

    /// <summary>One readable line: <c>resnet20 se(reduction=8) @block cifar10 [lr=0.05]</c>.</summary>
    public string Label => $"{Backbone} {AttentionLabel} @{Placement} {Dataset}" + (Variant.Length == 0 ? "" : $" [{Variant}]");

    /// <summary>Backbone, dataset and variant: the group inside which configurations are compared.</summary>
    public (string, string, string, string) Group => (Experiment, Backbone, Dataset, Variant);

    public bool IsBaselineAttention => Attention == "none";
}
