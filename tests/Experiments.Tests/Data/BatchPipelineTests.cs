using Ablation.Experiments.Data;
using TorchSharp;
using static TorchSharp.torch;
using Xunit;

namespace Ablation.Experiments.Tests.Data;

public class BatchPipelineTests
{
    private static readonly Dataset Data = SyntheticData.Generate(train: 203, test: 50, image: 12, channels: 3, classes: 7);

    private static List<(int[] Indices, long[] Labels, float[] Pixels)> Stream(int threads, int epoch, ulong seed = 5)
    {
        var pipeline = new BatchPipeline(Data.Train, Data.Mean, Data.Std, new Augmentation(2, true, 3), 16, shuffle: true, seed, threads);
        var result = new List<(int[], long[], float[])>();
        foreach (var b in pipeline.HostBatches(epoch))
        {
            result.Add((b.Indices[..b.Count], b.Labels[..b.Count], b.Pixels[..(b.Count * 3 * 12 * 12)]));
            pipeline.Recycle(b);
        }
        return result;
    }

    [Fact]
    public void The_batch_stream_is_the_same_for_any_thread_count()
    {
        var reference = Stream(threads: 0, epoch: 3);
        Assert.Equal(13, reference.Count);
        Assert.Equal(203, reference.Sum(b => b.Indices.Length));
        Assert.Equal(Enumerable.Range(0, 203), reference.SelectMany(b => b.Indices).OrderBy(i => i));
        foreach (var threads in new[] { 1, 2, 5 })
        {
            var other = Stream(threads, epoch: 3);
            Assert.Equal(reference.Count, other.Count);
            for (int b = 0; b < reference.Count; b++)
            {
                Assert.Equal(reference[b].Indices, other[b].Indices);
                Assert.Equal(reference[b].Labels, other[b].Labels);
                Assert.Equal(reference[b].Pixels, other[b].Pixels);
            }
        }
    }

    [Fact]
    public void Epochs_and_seeds_change_the_order_and_the_augmentation()
    {
        var e1 = Stream(1, epoch: 1);
        var e2 = Stream(1, epoch: 2);
        var s2 = Stream(1, epoch: 1, seed: 6);
        Assert.NotEqual(e1[0].Indices, e2[0].Indices);
        Assert.NotEqual(e1[0].Indices, s2[0].Indices);
        Assert.Equal(e1[0].Indices, Stream(2, epoch: 1)[0].Indices);
    }

    [Fact]
    public void Batches_become_one_float_nchw_tensor_with_int64_targets()
    {
        using var scope = torch.NewDisposeScope();
        var pipeline = BatchPipeline.ForEvaluation(Data, batchSize: 20, threads: 2);
        var batches = pipeline.Batches(0).ToList();
        Assert.Equal(3, batches.Count);
        Assert.Equal(new long[] { 20, 3, 12, 12 }, batches[0].Input.shape);
        Assert.Equal(new long[] { 10, 3, 12, 12 }, batches[2].Input.shape);
        Assert.Equal(ScalarType.Float32, batches[0].Input.dtype);
        Assert.Equal(ScalarType.Int64, batches[0].Target.dtype);
        // Evaluation is in data set order, normalised: the first pixel of image 0 is (b/255 - mean)/std.
        float expected = (Data.Test.Image(0)[0] / 255f - Data.Mean[0]) / Data.Std[0];
        Assert.Equal(expected, batches[0].Input.data<float>()[0], 5);
        Assert.Equal(Data.Test.Labels.Take(20).Select(l => (long)l), batches[0].Target.data<long>().ToArray());
    }

    [Fact]
    public void A_last_batch_of_one_is_dropped_for_training()
    {
        var data = SyntheticData.Generate(train: 33, test: 8, image: 4, channels: 1, classes: 2);
        var pipeline = BatchPipeline.ForTraining(data, Augmentation.None, 16, seed: 0, threads: 1);
        Assert.Equal(2, pipeline.BatchCount);
        Assert.Equal(32, pipeline.HostBatches(0).Sum(b => b.Count));
    }

    [Fact]
    public void Stopping_early_ends_the_background_threads()
    {
        var pipeline = new BatchPipeline(Data.Train, Data.Mean, Data.Std, Augmentation.Standard, 8, true, 1, threads: 3);
        var first = pipeline.HostBatches(0).Take(2).ToList();
        Assert.Equal(2, first.Count);
        Assert.Equal(1, first[1].Index);
    }
}
