namespace Ablation.Reports.Schema;

/// <summary>
/// How a run's train_img_s and infer_img_s were measured (<c>runs.throughput_method</c>, schema version 2).
/// </summary>
public static class ThroughputMethods
{
    /// <summary>
    /// A short benchmark at the end of the run: warm-up steps, then a fixed batch, the median of the
    /// timed steps' images per second. Comparable between the runs of a sweep.
    /// </summary>
    public const string Bench = "bench";

    /// <summary>Training images over training wall time (data loading and evaluation included); moves with the machine's load.</summary>
    public const string Wall = "wall";

    /// <summary>The method of a row: null (rows from before schema version 2) is <see cref="Wall"/>.</summary>
    public static string Of(RunRecord r) => r.TrainImgS is null && r.InferImgS is null ? "" : r.ThroughputMethod ?? Wall;
}
