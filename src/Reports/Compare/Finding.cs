using Ablation.Reports.Aggregation;

namespace Ablation.Reports.Compare;

public enum FindingKind
{
    /// <summary>Worse than the baseline beyond tolerance, or a changed model, or a configuration that no longer has results: fails the gate.</summary>
    Regression,
    /// <summary>Better than the baseline beyond tolerance.</summary>
    Improvement,
    /// <summary>Worth a line, not a failure (a configuration the baseline does not have).</summary>
    Note,
}

/// <summary>One metric of one configuration that moved: baseline and current values as text, the change, and why it counts.</summary>
public sealed record Finding(ConfigurationKey Key, string Metric, string Baseline, string Current, string Change, FindingKind Kind, string Reason);
