namespace Ablation.Experiments.Data;

/// <summary>
/// Turns one uint8 (C, H, W) image into normalised floats, applying the augmentation on the way in a single
/// pass: for each output pixel it finds the source pixel through the crop offset and the flip, and maps the
/// byte through a 256-entry table per channel that holds <c>(b / 255 - mean[c]) / std[c]</c> (ToTensor then
/// Normalize, as torchvision). Padding pixels are zero bytes before normalisation, as RandomCrop pads them,
/// so they become <c>-mean[c] / std[c]</c>. The random draws per sample, in order: crop row offset, crop
/// column offset, flip, cutout centre row, cutout centre column (each drawn only if that augmentation is on).
/// </summary>
public sealed class ImageTransform
{
    private readonly float[] table;
    private readonly int channels, height, width;

    public ImageTransform(Augmentation augmentation, float[] mean, float[] std, int channels, int height, int width)
    {
        if (mean.Length != channels || std.Length != channels)
            throw new ArgumentException($"normalisation has {mean.Length} means and {std.Length} stds for {channels} channels");
        Augmentation = augmentation;
        this.channels = channels;
        this.height = height;
        this.width = width;
        table = new float[channels * 256];
        for (int c = 0; c < channels; c++)
        for (int b = 0; b < 256; b++)
            table[c * 256 + b] = (b / 255f - mean[c]) / std[c];
    }

    public Augmentation Augmentation { get; }

    public int OutputSize => channels * height * width;

    /// <summary>Writes the transformed image into <paramref name="output"/> (C*H*W floats).</summary>
    public unsafe void Apply(ReadOnlySpan<byte> image, Span<float> output, ref SampleRandom rng)
    {
        if (image.Length != OutputSize || output.Length < OutputSize)
            throw new ArgumentException($"image of {image.Length} bytes, output of {output.Length} floats, expected {OutputSize}");
        int pad = Augmentation.CropPadding;
        int offY = pad > 0 ? rng.Next(2 * pad + 1) - pad : 0;
        int offX = pad > 0 ? rng.Next(2 * pad + 1) - pad : 0;
        bool flip = Augmentation.HorizontalFlip && rng.NextBool();
        int H = height, W = width;

        fixed (byte* src = image)
        fixed (float* dst = output)
        fixed (float* lutAll = table)
        {
            for (int c = 0; c < channels; c++)
            {
                float* lut = lutAll + c * 256;
                float padValue = lut[0];
                byte* plane = src + c * H * W;
                for (int y = 0; y < H; y++)
                {
                    float* row = dst + (c * H + y) * W;
                    int sy = y + offY;
                    if ((uint)sy >= (uint)H)
                    {
                        for (int x = 0; x < W; x++) row[x] = padValue;
                        continue;
                    }
                    byte* srcRow = plane + sy * W;
                    // Cropped column x reads source column x + offX; after the flip, output x shows cropped W-1-x.
                    // Valid output columns form one interval; the rest is padding.
                    int lo = Math.Max(0, -offX), hi = Math.Min(W, W - offX); // cropped columns with a source
                    if (!flip)
                    {
                        for (int x = 0; x < lo; x++) row[x] = padValue;
                        for (int x = lo; x < hi; x++) row[x] = lut[srcRow[x + offX]];
                        for (int x = Math.Max(hi, lo); x < W; x++) row[x] = padValue;
                    }
                    else
                    {
                        for (int x = 0; x < W; x++)
                        {
                            int cx = W - 1 - x;
                            row[x] = cx >= lo && cx < hi ? lut[srcRow[cx + offX]] : padValue;
                        }
                    }
                }
            }

            int size = Augmentation.CutoutSize;
            if (size > 0)
            {
                int cy = rng.Next(H), cx = rng.Next(W);
                int y0 = Math.Max(0, cy - size / 2), y1 = Math.Min(H, cy - size / 2 + size);
                int x0 = Math.Max(0, cx - size / 2), x1 = Math.Min(W, cx - size / 2 + size);
                for (int c = 0; c < channels; c++)
                for (int y = y0; y < y1; y++)
                for (int x = x0; x < x1; x++)
                    dst[(c * H + y) * W + x] = 0f;
            }
        }
    }
}
