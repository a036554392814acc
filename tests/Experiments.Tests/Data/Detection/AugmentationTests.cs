using Ablation.Experiments.Data;
using Ablation.Experiments.Data.Detection;
using Xunit;

namespace Ablation.Experiments.Tests.Data.Detection;

/// <summary>Letterbox, HSV, flip, random affine and mosaic on images of known content.</summary>
public sealed class AugmentationTests
{
    [Fact]
    public void LetterboxScalesTheLongSideAndCentres()
    {
        // 200 x 100 into 64: scaled by 0.32 to 64 x 32, padded by round(16 - 0.1) = 16 rows above.
        var (image, t) = Letterbox.Apply(TestImages.WithWhiteBox(200, 100, 50, 25, 150, 75), 64);
        Assert.Equal((64, 64), (image.Width, image.Height));
        Assert.Equal(new LetterboxTransform(0.32f, 0.32f, 0, 16), t);
        Assert.Equal((114, 114, 114), image[10, 5]);
        Assert.Equal((114, 114, 114), image[10, 60]);
        Assert.Equal((255, 255, 255), image[32, 32]);
        Assert.Equal((20, 30, 40), image[5, 20]);
        Assert.Equal((50f, 25f), t.ToOriginal(16, 24));
    }

    [Fact]
    public void EvaluationTransformMapsBoxesThroughTheLetterbox()
    {
        var sample = new DetectionSample(TestImages.WithWhiteBox(200, 100, 50, 25, 150, 75), [new LabelBox(1, 0.5f, 0.5f, 0.5f, 0.5f)]);
        var source = new TestImages.FixedSource(sample);
        var rng = new SampleRandom(1);
        var (image, boxes, letterbox) = new DetectionSampleTransform(64, DetectionAugmentation.None).Apply(source, 0, mosaicOpen: true, ref rng);
        Assert.Equal(64, image.Width);
        var b = Assert.Single(boxes);
        Assert.Equal(1, b.Class);
        Assert.Equal(0.5f, b.Cx, 5);
        Assert.Equal(0.5f, b.Cy, 5);
        Assert.Equal(0.5f, b.W, 5);
        Assert.Equal(0.25f, b.H, 5);
        Assert.Equal(16, letterbox.PadY);
    }

    [Theory]
    [InlineData(255, 0, 0, 0, 255, 255)]
    [InlineData(0, 255, 0, 60, 255, 255)]
    [InlineData(0, 0, 255, 120, 255, 255)]
    [InlineData(255, 255, 0, 30, 255, 255)]
    [InlineData(128, 128, 128, 0, 0, 128)]
    [InlineData(0, 0, 0, 0, 0, 0)]
    public void HsvConversionIsOpenCvs8Bit(int r, int g, int b, int h, int s, int v)
    {
        Assert.Equal(((byte)h, (byte)s, (byte)v), HsvAugment.RgbToHsv((byte)r, (byte)g, (byte)b));
        Assert.Equal(((byte)r, (byte)g, (byte)b), HsvAugment.HsvToRgb((byte)h, (byte)s, (byte)v));
    }

    [Fact]
    public void UnitGainsNearlyKeepTheImageAndValueGainScalesBrightness()
    {
        var image = TestImages.Gradient(50, 50);
        var copy = new RgbImage(50, 50, (byte[])image.Pixels.Clone());
        HsvAugment.ApplyGains(copy, 1, 1, 1);
        // 8-bit HSV keeps hue in 2-degree steps: a channel of a saturated pixel may move by up to 255 * 1/60 ~ 4.3.
        for (int i = 0; i < image.Pixels.Length; i++) Assert.InRange(copy.Pixels[i] - image.Pixels[i], -5, 5);
        var dark = new RgbImage(50, 50, (byte[])image.Pixels.Clone());
        HsvAugment.ApplyGains(dark, 1, 1, 0.5);
        for (int i = 0; i < image.Pixels.Length; i += 3)
        {
            int before = Math.Max(image.Pixels[i], Math.Max(image.Pixels[i + 1], image.Pixels[i + 2]));
            int after = Math.Max(dark.Pixels[i], Math.Max(dark.Pixels[i + 1], dark.Pixels[i + 2]));
            Assert.InRange(after, before / 2 - 1, before / 2 + 1);
        }
    }

    [Fact]
    public void FlipMirrorsImageAndBoxes()
    {
        var sample = new DetectionSample(TestImages.WithWhiteBox(64, 64, 8, 16, 24, 48), [new LabelBox(0, 0.25f, 0.5f, 0.25f, 0.5f)]);
        var source = new TestImages.FixedSource(sample);
        var rng = new SampleRandom(3);
        var (image, boxes, _) = new DetectionSampleTransform(64, new DetectionAugmentation(FlipLR: 1)).Apply(source, 0, false, ref rng);
        Assert.Equal(0.75f, Assert.Single(boxes).Cx, 5);
        Assert.Equal((255, 255, 255), image[63 - 10, 20]);
        Assert.Equal((20, 30, 40), image[10, 20]);
    }

    [Fact]
    public void CandidateFilterIsYoloV5s()
    {
        Assert.True(RandomAffine.IsCandidate(10, 10, 10, 10));
        Assert.False(RandomAffine.IsCandidate(10, 10, 2, 10));    // not wider than 2 px
        Assert.False(RandomAffine.IsCandidate(100, 100, 30, 30)); // 9% of the area left
        Assert.True(RandomAffine.IsCandidate(100, 100, 40, 30));
        Assert.False(RandomAffine.IsCandidate(1000, 3, 500, 3.1f)); // aspect ratio over 100... and 3.1 high: ar 161
    }

    /// <summary>
    /// Boxes moved with the pixels: each box's centre is white and the white pixels near it span the box; returns
    /// the white pixels outside every box (what the candidate filter dropped) and all white pixels.
    /// </summary>
    private static (int Outside, int White) AssertBoxesFollowPixels(RgbImage image, IReadOnlyList<LabelBox> boxes, float slack)
    {
        int s = image.Width;
        bool IsWhite(int x, int y) { var (r, g, b) = image[x, y]; return r >= 250 && g >= 250 && b >= 250; }
        bool Inside(LabelBox k, int x, int y, float d) =>
            x + 0.5f >= (k.Cx - k.W / 2) * s - d && x + 0.5f <= (k.Cx + k.W / 2) * s + d
            && y + 0.5f >= (k.Cy - k.H / 2) * s - d && y + 0.5f <= (k.Cy + k.H / 2) * s + d;
        int white = 0, outside = 0;
        for (int y = 0; y < s; y++)
        for (int x = 0; x < s; x++)
            if (IsWhite(x, y))
            {
                white++;
                if (!boxes.Any(k => Inside(k, x, y, slack))) outside++;
            }
        foreach (var k in boxes)
        {
            Assert.True(IsWhite((int)(k.Cx * s), (int)(k.Cy * s)), $"centre of {k} is not white");
            int x1 = s, y1 = s, x2 = -1, y2 = -1;
            for (int y = 0; y < s; y++)
            for (int x = 0; x < s; x++)
                if (IsWhite(x, y) && Inside(k, x, y, slack)) { x1 = Math.Min(x1, x); y1 = Math.Min(y1, y); x2 = Math.Max(x2, x + 1); y2 = Math.Max(y2, y + 1); }
            Assert.InRange(x1 - (k.Cx - k.W / 2) * s, -slack, slack + 0.5f);
            Assert.InRange(x2 - (k.Cx + k.W / 2) * s, -slack - 0.5f, slack);
            Assert.InRange(y1 - (k.Cy - k.H / 2) * s, -slack, slack + 0.5f);
            Assert.InRange(y2 - (k.Cy + k.H / 2) * s, -slack - 0.5f, slack);
        }
        return (outside, white);
    }

    [Fact]
    public void AffineMovesBoxesWithThePixels()
    {
        var sample = new DetectionSample(TestImages.WithWhiteBox(96, 64, 30, 20, 60, 44), [new LabelBox(0, 45 / 96f, 32 / 64f, 30 / 96f, 24 / 64f)]);
        var source = new TestImages.FixedSource(sample);
        // No rotation or shear here: those enlarge the corners' bounds beyond the pixels (as in YOLOv5).
        var t = new DetectionSampleTransform(64, new DetectionAugmentation(Translate: 0.1f, Scale: 0.5f));
        for (ulong seed = 0; seed < 20; seed++)
        {
            var rng = new SampleRandom(seed);
            var (image, boxes, _) = t.Apply(source, 0, false, ref rng);
            Assert.InRange(boxes.Count, 0, 1);
            var (outside, _) = AssertBoxesFollowPixels(image, boxes, slack: 1.5f);
            if (boxes.Count == 1) Assert.Equal(0, outside);
        }
    }

    [Fact]
    public void MosaicTilesFourImagesAndKeepsTheirBoxes()
    {
        var samples = Enumerable.Range(0, 4).Select(i =>
            new DetectionSample(TestImages.WithWhiteBox(64, 64, 8 + 8 * i, 8, 32 + 8 * i, 40), [new LabelBox(i % 3, (20 + 8 * i) / 64f, 24 / 64f, 24 / 64f, 32 / 64f)])).ToArray();
        var source = new TestImages.FixedSource(samples);
        var t = new DetectionSampleTransform(64, new DetectionAugmentation(Mosaic: 1, Translate: 0.1f, Scale: 0.5f));
        int total = 0, outside = 0, white = 0;
        for (ulong seed = 0; seed < 20; seed++)
        {
            var rng = new SampleRandom(seed);
            var (image, boxes, letterbox) = t.Apply(source, 0, mosaicOpen: true, ref rng);
            Assert.Equal(64, image.Width);
            Assert.Equal(LetterboxTransform.Identity, letterbox);
            Assert.InRange(boxes.Count, 0, 4);
            total += boxes.Count;
            var (o, w) = AssertBoxesFollowPixels(image, boxes, slack: 1.5f);
            outside += o;
            white += w;
        }
        Assert.True(total > 20, $"only {total} boxes in 20 mosaics");
        // Only remnants cut to under 10% of their scaled area or 2 px are dropped with their pixels left.
        Assert.True(outside < 0.1 * white, $"{outside} of {white} white pixels outside every box");
    }
}
