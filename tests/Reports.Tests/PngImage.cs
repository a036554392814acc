using System.Buffers.Binary;
using System.IO.Compression;

namespace Ablation.Reports.Tests;

/// <summary>
/// A minimal PNG decoder for screenshots (8-bit RGB or RGBA, not interlaced: what Chromium writes), per the
/// PNG specification (W3C, 2003): chunks, zlib-compressed IDAT, and the five scanline filters.
/// </summary>
internal sealed class PngImage
{
    public int Width { get; }
    public int Height { get; }
    private readonly byte[] _rgb;   // 3 bytes per pixel

    private PngImage(int width, int height, byte[] rgb) { Width = width; Height = height; _rgb = rgb; }

    public (byte R, byte G, byte B) this[int x, int y] => (_rgb[(y * Width + x) * 3], _rgb[(y * Width + x) * 3 + 1], _rgb[(y * Width + x) * 3 + 2]);

    public static PngImage Load(string path)
    {
        var data = File.ReadAllBytes(path);
        if (data.Length < 8 || data[1] != 'P' || data[2] != 'N' || data[3] != 'G') throw new InvalidDataException($"{path}: not a PNG");
        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        for (int pos = 8; pos < data.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(pos));
            string type = System.Text.Encoding.ASCII.GetString(data, pos + 4, 4);
            var body = data.AsSpan(pos + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(body);
                height = BinaryPrimitives.ReadInt32BigEndian(body[4..]);
                if (body[8] != 8 || body[12] != 0) throw new NotSupportedException("only 8-bit, non-interlaced PNG");
                channels = body[9] switch { 2 => 3, 6 => 4, _ => throw new NotSupportedException($"PNG colour type {body[9]}") };
            }
            else if (type == "IDAT") idat.Write(body);
            else if (type == "IEND") break;
            pos += 12 + length;
        }
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        z.CopyTo(raw);
        var bytes = raw.ToArray();
        int stride = width * channels;
        var prev = new byte[stride];
        var line = new byte[stride];
        var rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            int filter = bytes[y * (stride + 1)];
            Array.Copy(bytes, y * (stride + 1) + 1, line, 0, stride);
            for (int i = 0; i < stride; i++)
            {
                int a = i >= channels ? line[i - channels] : 0, b = prev[i], c = i >= channels ? prev[i - channels] : 0;
                line[i] = (byte)(line[i] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"PNG filter {filter}"),
                });
            }
            for (int x = 0; x < width; x++)
                for (int k = 0; k < 3; k++) rgb[(y * width + x) * 3 + k] = line[x * channels + k];
            (prev, line) = (line, prev);
        }
        return new PngImage(width, height, rgb);
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    /// <summary>Pixels within <paramref name="tolerance"/> per channel of the colour <paramref name="hex"/> (#rrggbb).</summary>
    public int Count(string hex, int tolerance = 12)
    {
        int r = Convert.ToInt32(hex[1..3], 16), g = Convert.ToInt32(hex[3..5], 16), b = Convert.ToInt32(hex[5..7], 16);
        int n = 0;
        for (int i = 0; i < _rgb.Length; i += 3)
            if (Math.Abs(_rgb[i] - r) <= tolerance && Math.Abs(_rgb[i + 1] - g) <= tolerance && Math.Abs(_rgb[i + 2] - b) <= tolerance) n++;
        return n;
    }

    /// <summary>Variance of the grey level (mean of R, G, B) over all pixels: 0 for a blank image.</summary>
    public double Variance()
    {
        double sum = 0, sq = 0;
        int n = Width * Height;
        for (int i = 0; i < n; i++)
        {
            double g = (_rgb[i * 3] + _rgb[i * 3 + 1] + _rgb[i * 3 + 2]) / 3.0;
            sum += g;
            sq += g * g;
        }
        double mean = sum / n;
        return sq / n - mean * mean;
    }

    public int DistinctColors() => Enumerable.Range(0, Width * Height).Select(i => (_rgb[i * 3] << 16) | (_rgb[i * 3 + 1] << 8) | _rgb[i * 3 + 2]).Distinct().Count();
}
