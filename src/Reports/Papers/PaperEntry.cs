namespace Ablation.Reports.Papers;

/// <summary>
/// One published row: the configuration (backbone, attention with options, optional placement and model
/// options) and the numbers the paper prints, in the paper's units: params in millions (<see cref="ParamsM"/>),
/// MACs in billions (<see cref="GMacs"/>, what attention papers label "GFLOPs"), accuracies in percent: a
/// classifier's top-1/top-5, or a detector's COCO mAP@0.5:0.95 (<see cref="Map"/>) and mAP50.
/// Input size, classes and dataset fall back to the file's values (<see cref="PaperTable"/>).
/// </summary>
public sealed record PaperEntry(
    string Backbone,
    string Attention,
    IReadOnlyDictionary<string, string> AttentionOptions,
    string? Placement,
    int[]? Stages,
    string? Stem,
    double? Width,
    long? Input,
    long? Classes,
    string? Dataset,
    PublishedNumber? ParamsM,
    PublishedNumber? GMacs,
    PublishedNumber? Top1,
    PublishedNumber? Top5,
    string? Note,
    int Line)
{
    /// <summary>A detector's published COCO mAP@0.5:0.95 in percent ("mAP val 50-95"); null for a classification row.</summary>
    public PublishedNumber? Map { get; init; }

    /// <summary>A detector's published mAP at IoU 0.50 in percent.</summary>
    public PublishedNumber? Map50 { get; init; }

    /// <summary>True for a row that publishes a detection metric.</summary>
    public bool IsDetection => Map is not null || Map50 is not null;

    /// <summary>Attention with its options in a stable text form: <c>se</c>, <c>se(reduction=8)</c>.</summary>
    public string AttentionLabel => AttentionOptions.Count == 0
        ? Attention
        : $"{Attention}({string.Join(",", AttentionOptions.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"))})";
}
