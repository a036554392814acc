namespace Ablation.Experiments.Data.Detection;

/// <summary>
/// YOLOv5's <c>augment_hsv</c>: random gains <c>r = 1 + U(-1, 1) * (hgain, sgain, vgain)</c>, then in OpenCV's
/// 8-bit HSV (H in [0, 180), S and V in [0, 255]) hue through <c>(x * r_h) mod 180</c> and saturation and value
/// through <c>clip(x * r, 0, 255)</c>, as three 256-entry lookup tables, and back to RGB. The conversions
/// follow OpenCV's <c>COLOR_RGB2HSV</c> (fixed point) and <c>COLOR_HSV2RGB</c> for 8-bit images: float, then
/// truncated to bytes, as OpenCV 4's vectorised path does on image rows (its scalar path rounds instead), so
/// the result equals what YOLOv5 gets from OpenCV (checked in AugmentReferenceTests).
/// </summary>
public static class HsvAugment
{
    public static void Apply(RgbImage image, float hgain, float sgain, float vgain, ref SampleRandom rng)
    {
        if (hgain == 0 && sgain == 0 && vgain == 0) return;
        double rh = (rng.NextDouble() * 2 - 1) * hgain + 1;
        double rs = (rng.NextDouble() * 2 - 1) * sgain + 1;
        double rv = (rng.NextDouble() * 2 - 1) * vgain + 1;
        ApplyGains(image, rh, rs, rv);
    }

    /// <summary>Applies fixed gains (for tests and for replaying a draw).</summary>
    public static void ApplyGains(RgbImage image, double rh, double rs, double rv)
    {
        Span<byte> lutH = stackalloc byte[256], lutS = stackalloc byte[256], lutV = stackalloc byte[256];
        for (int x = 0; x < 256; x++)
        {
            double h = x * rh % 180;
            if (h < 0) h += 180;
            lutH[x] = (byte)(int)h;
            lutS[x] = (byte)(int)Math.Clamp(x * rs, 0, 255);
            lutV[x] = (byte)(int)Math.Clamp(x * rv, 0, 255);
        }
        var p = image.Pixels;
        for (int i = 0; i < p.Length; i += 3)
        {
            var (h, s, v) = RgbToHsv(p[i], p[i + 1], p[i + 2]);
            var (r, g, b) = HsvToRgb(lutH[h], lutS[s], lutV[v]);
            p[i] = r; p[i + 1] = g; p[i + 2] = b;
        }
    }

    private const int Shift = 12;

    // OpenCV's tables: sdiv[v] = round((255 << 12) / v), hdiv[d] = round((180 << 12) / (6 d)).
    private static readonly int[] SDiv = Enumerable.Range(0, 256).Select(v => v == 0 ? 0 : (int)Math.Round((255 << Shift) / (double)v)).ToArray();
    private static readonly int[] HDiv = Enumerable.Range(0, 256).Select(d => d == 0 ? 0 : (int)Math.Round(180 * (1 << Shift) / (6.0 * d))).ToArray();

    /// <summary>OpenCV's 8-bit RGB to HSV: H = hue / 2 in [0, 180), S = 255 * (max - min) / max, V = max.</summary>
    public static (byte H, byte S, byte V) RgbToHsv(byte r, byte g, byte b)
    {
        int v = Math.Max(r, Math.Max(g, b));
        int vmin = Math.Min(r, Math.Min(g, b));
        int diff = v - vmin;
        int s = (diff * SDiv[v] + (1 << (Shift - 1))) >> Shift;
        int h;
        if (diff == 0) h = 0;
        else
        {
            int num = v == r ? g - b : v == g ? b - r + 2 * diff : r - g + 4 * diff;
            h = (num * HDiv[diff] + (1 << (Shift - 1))) >> Shift;
            if (h < 0) h += 180;
        }
        return ((byte)Math.Min(h, 179), (byte)Math.Min(s, 255), (byte)v);
    }

    private static readonly int[,] Sectors = { { 1, 3, 0 }, { 1, 0, 2 }, { 3, 0, 1 }, { 0, 2, 1 }, { 0, 1, 3 }, { 2, 1, 0 } };

    /// <summary>OpenCV's 8-bit HSV to RGB (H in [0, 180)), truncating as its vectorised path does.</summary>
    public static (byte R, byte G, byte B) HsvToRgb(byte h8, byte s8, byte v8)
    {
        // OpenCV multiplies by 1/255 (not divides): the products round differently in float.
        float s = s8 * (1f / 255f), v = v8 * (1f / 255f);
        float r, g, b;
        if (s == 0) r = g = b = v;
        else
        {
            float h = h8 * (6f / 180f);
            while (h >= 6) h -= 6;
            int sector = (int)MathF.Floor(h);
            h -= sector;
            if ((uint)sector >= 6u) { sector = 0; h = 0; }
            float t1 = v * (1 - s), t2 = v * (1 - s * h), t3 = v * (1 - s * (1 - h));
            float Tab(int k) => k switch { 0 => v, 1 => t1, 2 => t2, _ => t3 };
            b = Tab(Sectors[sector, 0]);
            g = Tab(Sectors[sector, 1]);
            r = Tab(Sectors[sector, 2]);
        }
        return (ToByte(r), ToByte(g), ToByte(b));
    }

    private static byte ToByte(float x) => (byte)Math.Clamp((int)MathF.Floor(x * 255f), 0, 255);
}
