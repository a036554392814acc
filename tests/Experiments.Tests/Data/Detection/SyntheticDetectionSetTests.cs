using Ablation.Experiments.Data.Detection;
using Xunit;

namespace Ablation.Experiments.Tests.Data.Detection;

public sealed class SyntheticDetectionSetTests
{
    private static readonly SyntheticDetectionOptions Target = new(); // 500 images, 128 px, 3 classes, 1-3 objects

    [Fact]
    public void DefaultsAreTheLearningTarget()
    {
        var set = new SyntheticDetectionSet(Target);
        Assert.Equal(500, set.Count);
        Assert.Equal(new[] { "rectangle", "ellipse", "triangle" }, set.Names);
        Assert.Equal((128, 128), set.ImageSize(7));
    }

    [Fact]
    public async Task ImagesArePureFunctionsOfSeedAndIndex()
    {
        var a = new SyntheticDetectionSet(Target with { Count = 20 });
        var b = new SyntheticDetectionSet(Target with { Count = 20 });
        var c = new SyntheticDetectionSet(Target with { Count = 20, Seed = 1 });
        var fromThreads = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => b.Load(i))));
        for (int i = 0; i < 20; i++)
        {
            var x = a.Load(i);
            var y = fromThreads[i];
            Assert.Equal(x.Image.Pixels, y.Image.Pixels);
            Assert.Equal(x.Boxes, y.Boxes);
            Assert.NotEqual(x.Image.Pixels, c.Load(i).Image.Pixels);
        }
        Assert.NotEqual(a.Load(0).Image.Pixels, a.Load(1).Image.Pixels);
    }

    [Fact]
    public void BoxesLieInsideAndCoverTheirShapes()
    {
        var set = new SyntheticDetectionSet(Target with { Count = 60 });
        var perClass = new int[3];
        for (int i = 0; i < set.Count; i++)
        {
            var s = set.Load(i);
            Assert.InRange(s.Boxes.Count, 1, 3);
            foreach (var b in s.Boxes)
            {
                perClass[b.Class]++;
                Assert.InRange(b.Cx - b.W / 2, 0, 1);
                Assert.InRange(b.Cx + b.W / 2, 0, 1);
                Assert.InRange(b.Cy - b.H / 2, 0, 1);
                Assert.InRange(b.Cy + b.H / 2, 0, 1);
                Assert.InRange(b.W * 128, 0.15 * 128 * Math.Sqrt(0.6) - 1, 0.45 * 128 * Math.Sqrt(1.6) + 1);
                // The box centre is inside every one of the shapes: a saturated colour, not the dull background.
                var (r, g, bl) = s.Image[(int)(b.Cx * 128), (int)(b.Cy * 128)];
                int spread = Math.Max(r, Math.Max(g, bl)) - Math.Min(r, Math.Min(g, bl));
                Assert.True(spread >= 100, $"image {i}: centre of {b} is ({r}, {g}, {bl})");
            }
        }
        Assert.All(perClass, n => Assert.True(n > 20, string.Join(",", perClass)));
    }

    [Fact]
    public void ManyClassesCombineShapeAndColour()
    {
        var names = SyntheticShapes.Names(6);
        Assert.Equal("red-rectangle", names[0]);
        Assert.Equal("green-triangle", names[5]);
        Assert.Throws<ArgumentException>(() => new SyntheticDetectionSet(Target with { Classes = 0 }));
        Assert.Throws<ArgumentException>(() => new SyntheticDetectionSet(Target with { MinObjects = 3, MaxObjects = 2 }));
    }

    [Fact]
    public void WriterExportsAReadableYoloSet()
    {
        using var dir = new Ablation.Experiments.Tests.Data.TempDirectory();
        var data = SyntheticDetectionSet.Dataset(Target with { Count = 6 }, valCount: 3);
        YoloDatasetWriter.Write(dir.Path, data.Names, data.Train, data.Val);
        var back = YoloDataset.Check(dir.Path);
        Assert.Equal(data.Names, back.Names);
        Assert.Equal(6, back.Train.Count);
        Assert.Equal(3, back.Val.Count);
        for (int i = 0; i < 6; i++)
        {
            var original = data.Train.Load(i);
            var read = back.Train.Load(i);
            Assert.Equal(original.Image.Pixels, read.Image.Pixels);
            Assert.Equal(original.Boxes.Count, read.Boxes.Count);
            for (int k = 0; k < read.Boxes.Count; k++)
            {
                Assert.Equal(original.Boxes[k].Class, read.Boxes[k].Class);
                Assert.InRange(read.Boxes[k].Cx - original.Boxes[k].Cx, -1e-6f, 1e-6f); // six decimals in the file
                Assert.InRange(read.Boxes[k].H - original.Boxes[k].H, -1e-6f, 1e-6f);
            }
        }
        Assert.NotEqual(data.Train.Load(0).Image.Pixels, data.Val.Load(0).Image.Pixels);
    }
}
