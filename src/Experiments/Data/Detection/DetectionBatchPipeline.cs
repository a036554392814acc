namespace Ablation.Experiments.Data.Detection;

/// <summary>
/// The detection data loader: shuffles a split, builds each sample with <see cref="DetectionSampleTransform"/>
/// on background threads, and hands out <see cref="DetectionHostBatch"/>es in order. Determinism as in the
/// classification <see cref="BatchPipeline"/>: the epoch's order is a Fisher-Yates permutation drawn from
/// (seed, epoch), and each sample's augmentation (mosaic partners included) from a generator seeded by
/// (seed, epoch, index), so the batch stream is a pure function of (seed, epoch) whatever the thread count.
/// Mosaic is open in the epochs before the last <see cref="DetectionAugmentation.CloseMosaic"/> of
/// <see cref="Epochs"/>.
/// </summary>
public sealed class DetectionBatchPipeline
{
    private readonly DetectionSampleTransform transform;
    private readonly Stack<DetectionHostBatch> pool = new();
    private readonly object poolLock = new();

    /// <param name="epochs">The run's length, for closing mosaic in its last epochs.</param>
    /// <param name="threads">Background threads preparing batches; 0 prepares each batch on the caller's thread.</param>
    public DetectionBatchPipeline(IDetectionSource source, int imgSize, DetectionAugmentation augmentation, int batchSize,
        bool shuffle, ulong seed, int epochs = 1, int threads = 1, bool dropLast = false)
    {
        if (batchSize <= 0) throw new ArgumentException($"batch size {batchSize}: must be positive");
        if (threads < 0) throw new ArgumentException($"threads {threads}: must be 0 or more");
        if (source.Count == 0) throw new ArgumentException("the split has no images");
        Source = source;
        transform = new DetectionSampleTransform(imgSize, augmentation);
        BatchSize = batchSize;
        Shuffle = shuffle;
        Seed = seed;
        Epochs = epochs;
        Threads = threads;
        DropLast = dropLast;
    }

    public static DetectionBatchPipeline ForTraining(IDetectionSource train, int imgSize, DetectionAugmentation augmentation,
        int batchSize, ulong seed, int epochs, int threads) =>
        new(train, imgSize, augmentation, batchSize, shuffle: true, seed, epochs, threads, dropLast: train.Count % batchSize == 1);

    public static DetectionBatchPipeline ForEvaluation(IDetectionSource val, int imgSize, int batchSize, int threads) =>
        new(val, imgSize, DetectionAugmentation.None, batchSize, shuffle: false, seed: 0, epochs: 1, threads);

    public IDetectionSource Source { get; }
    public int ImageSize => transform.Size;
    public DetectionAugmentation Augmentation => transform.Augmentation;
    public int BatchSize { get; }
    public bool Shuffle { get; }
    public ulong Seed { get; }
    public int Epochs { get; }
    public int Threads { get; }
    public bool DropLast { get; }

    public int BatchCount => DropLast ? Source.Count / BatchSize : (Source.Count + BatchSize - 1) / BatchSize;

    /// <summary>The order of the split's images in <paramref name="epoch"/>.</summary>
    public int[] Order(int epoch)
    {
        var order = new int[Source.Count];
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

    /// <summary>The batches of one epoch, prepared ahead on the background threads; hand each back with <see cref="Recycle"/>.</summary>
    public IEnumerable<DetectionHostBatch> HostBatches(int epoch)
    {
        var order = Order(epoch);
        bool mosaic = transform.Augmentation.MosaicOpen(epoch, Epochs);
        return OrderedPrefetch.Run(BatchCount, Threads, b => Prepare(order, epoch, b, mosaic), "detection-pipeline");
    }

    /// <summary>Returns a batch's buffers to the pool; the batch must not be used afterwards.</summary>
    public void Recycle(DetectionHostBatch batch)
    {
        lock (poolLock) pool.Push(batch);
    }

    private DetectionHostBatch Prepare(int[] order, int epoch, int b, bool mosaic)
    {
        DetectionHostBatch? batch = null;
        lock (poolLock)
            if (pool.Count > 0) batch = pool.Pop();
        batch ??= new DetectionHostBatch(BatchSize, transform.Size);
        int start = b * BatchSize, n = Math.Min(BatchSize, Source.Count - start);
        batch.Index = b;
        batch.Count = n;
        batch.Targets.Clear();
        for (int k = 0; k < n; k++)
        {
            int index = order[start + k];
            var rng = SampleRandom.For(Seed, (ulong)epoch, (ulong)index, 2);
            var (image, boxes, letterbox) = transform.Apply(Source, index, mosaic, ref rng);
            batch.Write(k, image);
            foreach (var box in boxes) batch.Targets.Add(new DetectionTarget(k, box.Class, box.Cx, box.Cy, box.W, box.H));
            batch.Indices[k] = index;
            batch.Letterboxes[k] = letterbox;
            batch.OriginalSizes[k] = Source.ImageSize(index);
        }
        return batch;
    }
}
