using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Ablation.Experiments.Data;

/// <summary>
/// The data loader: shuffles a split, augments and normalises each image on background threads, and hands
/// out batches as one float NCHW tensor each (a single copy from the pooled managed buffer).
/// <para>
/// Determinism: the order of the epoch is a permutation drawn from (seed, epoch), and each image's
/// augmentation from its own generator seeded by (seed, epoch, image index); batches are delivered in
/// order. So the batch stream is a pure function of (seed, epoch) whatever the thread count, and resuming
/// at an epoch boundary needs no other state.
/// </para>
/// </summary>
public sealed class BatchPipeline
{
    private readonly ImageSet set;
    private readonly ImageTransform transform;
    private readonly Stack<HostBatch> pool = new();
    private readonly object poolLock = new();

    /// <param name="threads">Background threads preparing batches; 0 prepares each batch on the caller's thread.</param>
    /// <param name="dropLast">Leave out a last, smaller batch (BatchNorm cannot train on a batch of one).</param>
    public BatchPipeline(ImageSet set, float[] mean, float[] std, Augmentation augmentation, int batchSize,
        bool shuffle, ulong seed, int threads = 1, bool dropLast = false)
    {
        if (batchSize <= 0) throw new ArgumentException($"batch size {batchSize}: must be positive");
        if (threads < 0) throw new ArgumentException($"threads {threads}: must be 0 or more");
        this.set = set;
        transform = new ImageTransform(augmentation, mean, std, set.Channels, set.Height, set.Width);
        BatchSize = batchSize;
        Shuffle = shuffle;
        Seed = seed;
        Threads = threads;
        DropLast = dropLast;
    }

    public static BatchPipeline ForTraining(Dataset data, Augmentation augmentation, int batchSize, ulong seed, int threads) =>
        new(data.Train, data.Mean, data.Std, augmentation, batchSize, shuffle: true, seed, threads,
            dropLast: data.Train.Count % batchSize == 1);

    public static BatchPipeline ForEvaluation(Dataset data, int batchSize, int threads) =>
        new(data.Test, data.Mean, data.Std, Augmentation.None, batchSize, shuffle: false, seed: 0, threads);

    public int BatchSize { get; }
    public bool Shuffle { get; }
    public ulong Seed { get; }
    public int Threads { get; }
    public bool DropLast { get; }
    public ImageSet Set => set;

    public int BatchCount => DropLast ? set.Count / BatchSize : (set.Count + BatchSize - 1) / BatchSize;

    /// <summary>Images per epoch (after dropping a last partial batch, if asked).</summary>
    public int ImageCount => Math.Min(set.Count, BatchCount * BatchSize);

    /// <summary>The order of the data set's images in <paramref name="epoch"/> (Fisher-Yates from (seed, epoch)).</summary>
    public int[] Order(int epoch)
    {
        var order = new int[set.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        if (!Shuffle) return order;
        var rng = SampleRandom.For(Seed, (ulong)epoch, 0x0EDE7UL);
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    /// <summary>The batches of one epoch as tensors, on <paramref name="device"/> (default CPU), owned by the caller's scope.</summary>
    public IEnumerable<Batch> Batches(int epoch, Device? device = null)
    {
        foreach (var host in HostBatches(epoch))
        {
            var batch = ToTensors(host, device);
            Recycle(host);
            yield return batch;
        }
    }

    /// <summary>
    /// One copy of the host batch into tensors allocated by libtorch (and one more to move them to a non-CPU
    /// device). The copy goes straight into the tensors' storage: no managed array is pinned or allocated.
    /// </summary>
    public Batch ToTensors(HostBatch host, Device? device = null)
    {
        var input = torch.empty(new long[] { host.Count, set.Channels, set.Height, set.Width }, ScalarType.Float32);
        MemoryMarshal.AsBytes(host.Pixels.AsSpan(0, host.Count * transform.OutputSize)).CopyTo(input.bytes);
        var target = torch.empty(new long[] { host.Count }, ScalarType.Int64);
        MemoryMarshal.AsBytes(host.Labels.AsSpan(0, host.Count)).CopyTo(target.bytes);
        if (device is { } d && d.type != DeviceType.CPU)
        {
            var (i, t) = (input.to(d), target.to(d));
            input.Dispose();
            target.Dispose();
            (input, target) = (i, t);
        }
        return new Batch(input, target);
    }

    /// <summary>Returns a batch's buffers to the pool; the batch must not be used afterwards.</summary>
    public void Recycle(HostBatch batch)
    {
        lock (poolLock) pool.Push(batch);
    }

    /// <summary>The batches of one epoch in managed memory, prepared ahead on the background threads.</summary>
    public IEnumerable<HostBatch> HostBatches(int epoch)
    {
        var order = Order(epoch);
        return OrderedPrefetch.Run(BatchCount, Threads, b => Prepare(order, epoch, b), "batch-pipeline");
    }

    private HostBatch Prepare(int[] order, int epoch, int b)
    {
        HostBatch? batch = null;
        lock (poolLock)
            if (pool.Count > 0) batch = pool.Pop();
        batch ??= new HostBatch(BatchSize, transform.OutputSize);
        int start = b * BatchSize, n = Math.Min(BatchSize, set.Count - start);
        int size = transform.OutputSize;
        batch.Index = b;
        batch.Count = n;
        for (int k = 0; k < n; k++)
        {
            int index = order[start + k];
            var rng = SampleRandom.For(Seed, (ulong)epoch, (ulong)index, 1);
            transform.Apply(set.Image(index), batch.Pixels.AsSpan(k * size, size), ref rng);
            batch.Labels[k] = set.Label(index);
            batch.Indices[k] = index;
        }
        return batch;
    }
}
