using Ablation.Experiments.Data.Detection;

namespace Ablation.Experiments.Tests.Data.Detection;

/// <summary>Small images with known content for the detection data tests.</summary>
internal static class TestImages
{
    /// <summary>A dark image with a white rectangle at pixel corners (x1, y1)-(x2, y2), exclusive ends.</summary>
    public static RgbImage WithWhiteBox(int width, int height, int x1, int y1, int x2, int y2)
    {
        var image = RgbImage.Filled(width, height, 20, 30, 40);
        for (int y = y1; y < y2; y++)
        for (int x = x1; x < x2; x++)
            image[x, y] = (255, 255, 255);
        return image;
    }

    /// <summary>A colourful gradient, different at every pixel.</summary>
    public static RgbImage Gradient(int width, int height)
    {
        var image = new RgbImage(width, height);
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
            image[x, y] = ((byte)(x * 255 / Math.Max(1, width - 1)), (byte)(y * 255 / Math.Max(1, height - 1)), (byte)((x + y) % 256));
        return image;
    }

    /// <summary>A source of fixed samples (for transforms on known content).</summary>
    public sealed class FixedSource(params DetectionSample[] samples) : IDetectionSource
    {
        public int Count => samples.Length;
        public IReadOnlyList<string> Names { get; } = ["a", "b", "c"];
        public DetectionSample Load(int index) => new(new RgbImage(samples[index].Image.Width, samples[index].Image.Height, (byte[])samples[index].Image.Pixels.Clone()), samples[index].Boxes);
        public IReadOnlyList<LabelBox> Labels(int index) => samples[index].Boxes;
        public (int Width, int Height) ImageSize(int index) => (samples[index].Image.Width, samples[index].Image.Height);
        public string ImageName(int index) => $"{index}.png";
    }
}
