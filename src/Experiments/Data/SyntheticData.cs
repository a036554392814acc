namespace Ablation.Experiments.Data;

/// <summary>
/// A data set generated in memory, for tests and smoke runs: learnable because every class has its own
/// prototype image (a coarse 4x4 random pattern per channel, upsampled), and not trivial because every
/// sample adds its own brightness shift and pixel noise to it. Options (DESIGN.md section 4):
/// <c>train</c>, <c>test</c> (image counts), <c>image</c> (side), <c>channels</c>, <c>classes</c>, and
/// <c>seed</c> (which data set; independent of the run's seed, so seeds of a sweep see the same data).
/// </summary>
public static class SyntheticData
{
    public static readonly IReadOnlyList<string> OptionNames = new[] { "train", "test", "image", "channels", "classes", "seed", "noise" };

    public static Dataset Load(DatasetSpec spec)
    {
        foreach (var key in spec.OptionsOrEmpty.Keys)
            if (!OptionNames.Contains(key))
                throw new ArgumentException($"dataset synthetic: unknown option '{key}', allowed: {string.Join(", ", OptionNames)}");
        int train = spec.IntOption("train", 1024);
        int test = spec.IntOption("test", 256);
        int image = spec.IntOption("image", 16, 4, 1024);
        int channels = spec.IntOption("channels", 3, 1, 64);
        int classes = spec.IntOption("classes", 10, 2, 100000);
        int seed = spec.IntOption("seed", 0, 0);
        int noise = spec.IntOption("noise", 40, 0, 100);
        return Generate(train, test, image, channels, classes, (ulong)seed, noise / 100.0);
    }

    public static Dataset Generate(int train, int test, int image, int channels, int classes, ulong seed = 0, double noise = 0.4)
    {
        const int grid = 4;
        var prototypes = new float[classes][];
        for (int k = 0; k < classes; k++)
        {
            var rng = SampleRandom.For(seed, 0xC1A55, (ulong)k);
            var coarse = new float[channels * grid * grid];
            for (int i = 0; i < coarse.Length; i++) coarse[i] = (float)rng.NextDouble();
            var proto = new float[channels * image * image];
            for (int c = 0; c < channels; c++)
            for (int y = 0; y < image; y++)
            for (int x = 0; x < image; x++)
                proto[(c * image + y) * image + x] = coarse[(c * grid + y * grid / image) * grid + x * grid / image];
            prototypes[k] = proto;
        }
        ImageSet Split(int count, ulong split)
        {
            int size = channels * image * image;
            var pixels = new byte[(long)count * size];
            var labels = new int[count];
            for (int i = 0; i < count; i++)
            {
                var rng = SampleRandom.For(seed, split, (ulong)i);
                int label = rng.Next(classes);
                labels[i] = label;
                var proto = prototypes[label];
                double shift = (rng.NextDouble() - 0.5) * noise * 0.5;
                for (int p = 0; p < size; p++)
                {
                    double v = (1 - noise) * proto[p] + noise * rng.NextDouble() + shift;
                    pixels[(long)i * size + p] = (byte)Math.Clamp((int)Math.Round(v * 255), 0, 255);
                }
            }
            return new ImageSet(pixels, labels, channels, image, image);
        }
        return Dataset.FromSplits("synthetic", Split(train, 1), Split(test, 2), classes);
    }
}
