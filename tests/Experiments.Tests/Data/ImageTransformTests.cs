using System.Text.Json;
using Ablation.Experiments.Data;
using Xunit;

namespace Ablation.Experiments.Tests.Data;

/// <summary>The C# crop/flip/normalise against torchvision's (tests/reference/data_transforms.py).</summary>
public class ImageTransformTests
{
    [Fact]
    public void Every_output_is_one_torchvision_can_produce_and_every_variant_occurs()
    {
        using var doc = JsonDocument.Parse(ReferenceScript.Run("data_transforms.py"));
        var root = doc.RootElement;
        int c = root.GetProperty("channels").GetInt32(), h = root.GetProperty("height").GetInt32(), w = root.GetProperty("width").GetInt32();
        int pad = root.GetProperty("padding").GetInt32();
        float[] Floats(JsonElement e) => e.EnumerateArray().Select(x => (float)x.GetDouble()).ToArray();
        var image = root.GetProperty("image_chw").EnumerateArray().Select(x => (byte)x.GetInt32()).ToArray();
        var variants = root.GetProperty("variants").EnumerateArray()
            .Select(v => (Key: $"{v.GetProperty("i")},{v.GetProperty("j")},{v.GetProperty("flip")}", Values: Floats(v.GetProperty("values"))))
            .ToList();
        Assert.Equal((2 * pad + 1) * (2 * pad + 1) * 2, variants.Count);

        var transform = new ImageTransform(new Augmentation(pad, true), Floats(root.GetProperty("mean")), Floats(root.GetProperty("std")), c, h, w);
        var seen = new HashSet<string>();
        var output = new float[c * h * w];
        for (ulong s = 0; s < 2000; s++)
        {
            var rng = SampleRandom.For(s);
            transform.Apply(image, output, ref rng);
            var match = variants.Where(v => v.Values.Zip(output).All(p => Math.Abs(p.First - p.Second) < 1e-5f)).ToList();
            Assert.True(match.Count >= 1, $"seed {s}: output matches no torchvision variant");
            seen.UnionWith(match.Select(m => m.Key));
        }
        Assert.Equal(variants.Count, seen.Count);
    }

    [Fact]
    public void Without_augmentation_it_is_to_tensor_then_normalize()
    {
        using var doc = JsonDocument.Parse(ReferenceScript.Run("data_transforms.py"));
        var root = doc.RootElement;
        float[] Floats(JsonElement e) => e.EnumerateArray().Select(x => (float)x.GetDouble()).ToArray();
        var image = root.GetProperty("image_chw").EnumerateArray().Select(x => (byte)x.GetInt32()).ToArray();
        int pad = root.GetProperty("padding").GetInt32();
        // The unshifted, unflipped crop (i = j = padding) is the plain normalised image.
        var identity = root.GetProperty("variants").EnumerateArray()
            .First(v => v.GetProperty("i").GetInt32() == pad && v.GetProperty("j").GetInt32() == pad && !v.GetProperty("flip").GetBoolean());
        var transform = new ImageTransform(Augmentation.None, Floats(root.GetProperty("mean")), Floats(root.GetProperty("std")), 3, 5, 6);
        var output = new float[90];
        var rng = SampleRandom.For(1);
        transform.Apply(image, output, ref rng);
        var expected = Floats(identity.GetProperty("values"));
        for (int i = 0; i < 90; i++) Assert.Equal(expected[i], output[i], 5);
    }

    [Fact]
    public void Cutout_zeroes_a_clipped_square_of_the_normalised_image()
    {
        var image = Enumerable.Repeat((byte)255, 2 * 8 * 8).ToArray();
        var transform = new ImageTransform(new Augmentation(CutoutSize: 4), new[] { 0f, 0f }, new[] { 1f, 1f }, 2, 8, 8);
        var output = new float[128];
        int zeroesSeenMin = int.MaxValue, zeroesSeenMax = 0;
        for (ulong s = 0; s < 200; s++)
        {
            var rng = SampleRandom.For(s);
            transform.Apply(image, output, ref rng);
            int zeroes = output.Count(v => v == 0f);
            Assert.Equal(0, zeroes % 2); // the same square in both channels
            Assert.All(output, v => Assert.True(v == 0f || v == 1f));
            zeroesSeenMin = Math.Min(zeroesSeenMin, zeroes);
            zeroesSeenMax = Math.Max(zeroesSeenMax, zeroes);
        }
        Assert.Equal(32, zeroesSeenMax);          // a whole 4x4 square inside the image
        Assert.True(zeroesSeenMin < 32);          // clipped at a border
    }

    [Fact]
    public void Augmentation_names_parse_and_bad_names_are_refused()
    {
        Assert.Equal(new Augmentation(4, true, 16), Augmentation.Parse(new[] { "random-crop-4", "hflip", "cutout-16" }));
        Assert.True(Augmentation.Parse(new[] { "none" }).IsNone);
        Assert.Equal("random-crop-4,hflip", Augmentation.Standard.ToString());
        var e = Assert.Throws<ArgumentException>(() => Augmentation.Parse(new[] { "vflip" }));
        Assert.Contains("unknown item 'vflip'", e.Message);
    }
}
