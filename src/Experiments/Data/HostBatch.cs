namespace Ablation.Experiments.Data;

/// <summary>
/// A batch assembled in managed memory by the pipeline's threads: <see cref="Count"/> images of normalised
/// float NCHW in <see cref="Pixels"/> and their labels. Buffers are pooled: hand a batch back with
/// <see cref="BatchPipeline.Recycle"/> once it has been copied into a tensor.
/// </summary>
public sealed class HostBatch
{
    internal HostBatch(int capacity, int imageSize)
    {
        Pixels = new float[(long)capacity * imageSize];
        Labels = new long[capacity];
        Indices = new int[capacity];
    }

    /// <summary>The batch's position in the epoch (0-based).</summary>
    public int Index { get; internal set; }

    public int Count { get; internal set; }

    /// <summary>Normalised pixels, (Count, C, H, W) row-major; the buffer may be longer than Count images.</summary>
    public float[] Pixels { get; }

    public long[] Labels { get; }

    /// <summary>The data set index of each image (for tests and debugging).</summary>
    public int[] Indices { get; }
}
