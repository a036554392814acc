namespace Ablation.Experiments.Data.Detection;

/// <summary>
/// An 8-bit RGB image in managed memory, interleaved row-major (H, W, 3), the layout decoders and the
/// augmentation work in; batches are written out planar (C, H, W) at the end.
/// </summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height, byte[]? pixels = null)
    {
        if (width <= 0 || height <= 0) throw new ArgumentException($"image size {width}x{height} must be positive");
        Width = width;
        Height = height;
        Pixels = pixels ?? new byte[checked(width * height * 3)];
        if (Pixels.Length != width * height * 3)
            throw new ArgumentException($"{Pixels.Length} bytes do not hold a {width}x{height} RGB image");
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>(H, W, 3) bytes: R, G, B of pixel (x, y) at <c>3 * (y * Width + x)</c>.</summary>
    public byte[] Pixels { get; }

    /// <summary>An image filled with one colour (YOLOv5 pads and fills with grey 114).</summary>
    public static RgbImage Filled(int width, int height, byte r, byte g, byte b)
    {
        var image = new RgbImage(width, height);
        var p = image.Pixels;
        for (int i = 0; i < p.Length; i += 3) { p[i] = r; p[i + 1] = g; p[i + 2] = b; }
        return image;
    }

    public (byte R, byte G, byte B) this[int x, int y]
    {
        get { int i = 3 * (y * Width + x); return (Pixels[i], Pixels[i + 1], Pixels[i + 2]); }
        set { int i = 3 * (y * Width + x); Pixels[i] = value.R; Pixels[i + 1] = value.G; Pixels[i + 2] = value.B; }
    }

    /// <summary>Copies a rectangle of <paramref name="source"/> to (<paramref name="toX"/>, <paramref name="toY"/>) here.</summary>
    public void Paste(RgbImage source, int fromX, int fromY, int width, int height, int toX, int toY)
    {
        for (int y = 0; y < height; y++)
            Array.Copy(source.Pixels, 3 * ((fromY + y) * source.Width + fromX), Pixels, 3 * ((toY + y) * Width + toX), 3 * width);
    }

    /// <summary>Mirrors the image left to right in place.</summary>
    public void FlipHorizontal()
    {
        for (int y = 0; y < Height; y++)
        {
            int row = 3 * y * Width;
            for (int l = 0, r = Width - 1; l < r; l++, r--)
                for (int c = 0; c < 3; c++)
                    (Pixels[row + 3 * l + c], Pixels[row + 3 * r + c]) = (Pixels[row + 3 * r + c], Pixels[row + 3 * l + c]);
        }
    }
}
