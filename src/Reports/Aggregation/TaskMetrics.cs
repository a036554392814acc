using Ablation.Reports.Schema;

namespace Ablation.Reports.Aggregation;

/// <summary>
/// What a task's runs are judged by, and how every report output names it. The primary metric is the one the
/// tables lead with, the baseline deltas and Welch's test compare, the charts plot and <c>ablate compare</c>
/// gates: final-epoch test top-1 for classification, final-epoch validation COCO bbox mAP at IoU 0.50:0.95 for
/// detection (Lin et al., "Microsoft COCO", ECCV 2014; pycocotools' AP). The secondary metrics stand where
/// top-5 stands for classification: mAP at IoU 0.50 and 0.75 for detection.
/// </summary>
/// <param name="Task">The store's <c>task</c> value: <c>classification</c> or <c>detection</c>.</param>
/// <param name="Key">The metric's stem in CSV column names: <c>top1</c> (<c>top1_pct</c>, <c>delta_top1_pp</c>) or <c>map</c>.</param>
/// <param name="Label">The metric in headers and axis titles: "Top-1", "mAP@0.5:0.95".</param>
/// <param name="Short">In Δ headers, chart file names' words and compare findings: "Top-1", "mAP".</param>
/// <param name="Description">In captions and footnotes: "final-epoch test top-1".</param>
public sealed record TaskMetrics(string Task, string Key, string Label, string Short, string Description)
{
    public const string ClassificationTask = "classification", DetectionTask = "detection";

    public static readonly TaskMetrics Classification =
        new(ClassificationTask, "top1", "Top-1", "Top-1", "final-epoch test top-1");

    public static readonly TaskMetrics Detection =
        new(DetectionTask, "map", "mAP@0.5:0.95", "mAP", "final-epoch validation COCO mAP@0.5:0.95");

    public bool IsDetection => Task == DetectionTask;

    /// <summary>The secondary metrics' header labels: Top-5 for classification; mAP50 and mAP75 for detection.</summary>
    public IReadOnlyList<string> SecondaryLabels => IsDetection ? ["mAP50", "mAP75"] : ["Top-5"];

    /// <summary>The metric in compare findings and plain text, lower case as the gate prints it: "top-1", "mAP".</summary>
    public string Finding => IsDetection ? "mAP" : "top-1";

    /// <summary>The task of a run: its stored task; rows before schema version 3 (no task) are classification.</summary>
    public static TaskMetrics Of(RunRecord run) => run.IsDetection ? Detection : Classification;

    /// <summary>The metrics of a stored task name; null or unknown text is classification (the only task before version 3).</summary>
    public static TaskMetrics Of(string? task) => task == DetectionTask ? Detection : Classification;

    /// <summary>
    /// The task of a configuration's runs: the task any run recorded. Pending and failed runs of a detector may
    /// not have recorded one (the worker writes it with the results); they take <paramref name="fallback"/>, the
    /// task of the other configurations of the same experiment and dataset.
    /// </summary>
    public static TaskMetrics Of(IEnumerable<RunRecord> runs, TaskMetrics? fallback = null) =>
        runs.FirstOrDefault(r => r.Task is not null) is { } r ? Of(r) : fallback ?? Classification;
}
