namespace Ablation.Experiments.Data;

/// <summary>
/// One split of an image data set held in memory as uint8, planar per image (C, H, W), with an int label
/// per image. Augmentation reads it directly, so a data set is decoded once and never converted to float
/// in bulk (CIFAR-10's train split is 150 MB as uint8, 600 MB as float).
/// </summary>
public sealed class ImageSet
{
    private readonly byte[] pixels;
    private readonly int[] labels;

    public ImageSet(byte[] pixels, int[] labels, int channels, int height, int width)
    {
        if (channels <= 0 || height <= 0 || width <= 0)
            throw new ArgumentException($"image shape {channels}x{height}x{width} must be positive");
        if (pixels.LongLength != (long)labels.Length * channels * height * width)
            throw new ArgumentException(
                $"{pixels.LongLength} pixel bytes do not hold {labels.Length} images of {channels}x{height}x{width}");
        this.pixels = pixels;
        this.labels = labels;
        Channels = channels;
        Height = height;
        Width = width;
    }

    public int Count => labels.Length;
    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }

    /// <summary>Bytes of one image: C * H * W.</summary>
    public int ImageSize => Channels * Height * Width;

    /// <summary>The planar (C, H, W) bytes of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Image(int index) => pixels.AsSpan(index * ImageSize, ImageSize);

    public int Label(int index) => labels[index];

    public IReadOnlyList<int> Labels => labels;

    /// <summary>
    /// Per-channel mean and standard deviation of the pixels scaled to [0, 1]: the constants of
    /// torchvision's Normalize, computed from the data instead of copied from a table.
    /// </summary>
    public (float[] Mean, float[] Std) ChannelStatistics()
    {
        var mean = new float[Channels];
        var std = new float[Channels];
        int plane = Height * Width;
        for (int c = 0; c < Channels; c++)
        {
            // A histogram makes this exact and fast: 256 bins per channel instead of a sum of squares in double.
            var histogram = new long[256];
            for (int i = 0; i < Count; i++)
            {
                var p = pixels.AsSpan(i * ImageSize + c * plane, plane);
                foreach (var b in p) histogram[b]++;
            }
            double n = 0, sum = 0, sumSq = 0;
            for (int v = 0; v < 256; v++)
            {
                double x = v / 255.0;
                n += histogram[v];
                sum += histogram[v] * x;
                sumSq += histogram[v] * x * x;
            }
            double m = n > 0 ? sum / n : 0;
            double var = n > 0 ? Math.Max(sumSq / n - m * m, 0) : 0;
            mean[c] = (float)m;
            std[c] = (float)Math.Max(Math.Sqrt(var), 1e-6);
        }
        return (mean, std);
    }
}
