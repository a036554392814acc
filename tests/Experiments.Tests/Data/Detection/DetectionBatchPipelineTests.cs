using Ablation.Experiments.Data.Detection;
using Xunit;

namespace Ablation.Experiments.Tests.Data.Detection;

public sealed class DetectionBatchPipelineTests
{
    private static readonly SyntheticDetectionSet Set = new(new SyntheticDetectionOptions(Count: 13, ImageSize: 64));

    private static List<(byte[] Pixels, DetectionTarget[] Targets, int[] Indices)> Epoch(DetectionBatchPipeline p, int epoch) =>
        p.HostBatches(epoch).Select(b =>
        {
            var copy = (b.Pixels[..(b.Count * 3 * b.Size * b.Size)], b.Targets.ToArray(), b.Indices[..b.Count]);
            p.Recycle(b);
            return copy;
        }).ToList();

    [Fact]
    public void StreamIsTheSameForAnyThreadCount()
    {
        var aug = DetectionAugmentation.YoloV5 with { CloseMosaic = 1 };
        var serial = new DetectionBatchPipeline(Set, 64, aug, 4, shuffle: true, seed: 7, epochs: 3, threads: 0);
        var parallel = new DetectionBatchPipeline(Set, 64, aug, 4, shuffle: true, seed: 7, epochs: 3, threads: 3);
        for (int epoch = 0; epoch < 3; epoch++)
        {
            var a = Epoch(serial, epoch);
            var b = Epoch(parallel, epoch);
            Assert.Equal(4, a.Count);
            for (int k = 0; k < a.Count; k++)
            {
                Assert.Equal(a[k].Indices, b[k].Indices);
                Assert.Equal(a[k].Pixels, b[k].Pixels);
                Assert.Equal(a[k].Targets, b[k].Targets);
            }
        }
        var other = new DetectionBatchPipeline(Set, 64, aug, 4, shuffle: true, seed: 8, epochs: 3, threads: 2);
        Assert.NotEqual(Epoch(serial, 0)[0].Pixels, Epoch(other, 0)[0].Pixels);
    }

    [Fact]
    public void EpochsArePermutations()
    {
        var p = new DetectionBatchPipeline(Set, 64, DetectionAugmentation.None, 5, shuffle: true, seed: 1);
        var order0 = p.Order(0);
        Assert.Equal(Enumerable.Range(0, 13), order0.Order());
        Assert.NotEqual(order0, p.Order(1));
        Assert.Equal(3, p.BatchCount);
        Assert.Equal(order0, Epoch(p, 0).SelectMany(b => b.Indices));
    }

    [Fact]
    public void TargetsAreNormalisedRowsPerImage()
    {
        var p = new DetectionBatchPipeline(Set, 64, DetectionAugmentation.YoloV5, 4, shuffle: true, seed: 3, epochs: 20, threads: 1);
        foreach (var b in Epoch(p, 0))
            foreach (var t in b.Targets)
            {
                Assert.InRange(t.ImageIndex, 0, b.Indices.Length - 1);
                Assert.InRange(t.Class, 0, 2);
                Assert.InRange(t.Cx - t.W / 2, -1e-6f, 1f);
                Assert.InRange(t.Cx + t.W / 2, 0f, 1 + 1e-6f);
                Assert.InRange(t.Cy - t.H / 2, -1e-6f, 1f);
                Assert.True(t.W > 0 && t.H > 0);
            }
    }

    [Fact]
    public void MosaicClosesForTheLastEpochs()
    {
        // Mosaic only, closed for the last epoch: then a sample is the plain letterbox, as in evaluation.
        var aug = new DetectionAugmentation(Mosaic: 1, CloseMosaic: 1);
        var train = new DetectionBatchPipeline(Set, 64, aug, 13, shuffle: false, seed: 5, epochs: 2, threads: 0);
        var eval = DetectionBatchPipeline.ForEvaluation(Set, 64, 13, threads: 0);
        var plain = Epoch(eval, 0)[0];
        Assert.NotEqual(plain.Pixels, Epoch(train, 0)[0].Pixels);
        var last = Epoch(train, 1)[0];
        Assert.Equal(plain.Pixels, last.Pixels);
        Assert.Equal(plain.Targets, last.Targets);
        Assert.True(aug.MosaicOpen(0, 2));
        Assert.False(aug.MosaicOpen(1, 2));
    }

    [Fact]
    public void PixelsArePlanarRgb()
    {
        var eval = DetectionBatchPipeline.ForEvaluation(Set, 64, 2, threads: 0);
        var batch = eval.HostBatches(0).First();
        var image = Set.Load(0).Image; // 64 px already: the letterbox is the identity
        int plane = 64 * 64;
        for (int i = 0; i < plane; i += 97)
        {
            Assert.Equal(image.Pixels[3 * i], batch.Pixels[i]);
            Assert.Equal(image.Pixels[3 * i + 1], batch.Pixels[plane + i]);
            Assert.Equal(image.Pixels[3 * i + 2], batch.Pixels[2 * plane + i]);
        }
        var floats = new float[2 * 3 * plane];
        batch.CopyNormalised(floats);
        Assert.Equal(batch.Pixels[5] / 255f, floats[5]);
        var rows = batch.TargetRows();
        Assert.Equal(batch.Targets.Count * 6, rows.Length);
        Assert.Equal(batch.Targets[0].Cx, rows[2]);
    }

    [Fact]
    public void BadImageSizeIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => new DetectionBatchPipeline(Set, 100, DetectionAugmentation.None, 4, false, 0));
        Assert.Contains("img_size 100", e.Message);
    }
}
