using System.Buffers.Binary;
using System.Text;

namespace Ablation.Reports.Charts;

/// <summary>
/// Writes a PNG's physical resolution: a pHYs chunk (PNG specification, W3C 2003, section 11.3.5.3: pixels
/// per metre on x and y, unit 1 = metre) right after IHDR, replacing one that is there. Skia does not write it.
/// </summary>
public static class PngDensity
{
    public static byte[] Set(byte[] png, int dpi)
    {
        const int signature = 8;
        if (png.Length < signature + 25 || Encoding.ASCII.GetString(png, 12, 4) != "IHDR")
            throw new InvalidDataException("not a PNG with an IHDR chunk first");
        int afterIhdr = signature + 12 + BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(signature));
        var output = new MemoryStream(png.Length + 21);
        output.Write(png, 0, afterIhdr);
        uint perMetre = (uint)Math.Round(dpi / 0.0254);
        var body = new byte[9];
        BinaryPrimitives.WriteUInt32BigEndian(body, perMetre);
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(4), perMetre);
        body[8] = 1;
        WriteChunk(output, "pHYs", body);
        for (int pos = afterIhdr; pos < png.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            if (Encoding.ASCII.GetString(png, pos + 4, 4) != "pHYs") output.Write(png, pos, 12 + length);
            pos += 12 + length;
        }
        return output.ToArray();
    }

    /// <summary>The density a PNG declares, in dots per inch (rounded), or null without a pHYs chunk in metres.</summary>
    public static int? Read(byte[] png)
    {
        for (int pos = 8; pos + 12 <= png.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            if (Encoding.ASCII.GetString(png, pos + 4, 4) == "pHYs" && png[pos + 16] == 1)
                return (int)Math.Round(BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8)) * 0.0254);
            pos += 12 + length;
        }
        return null;
    }

    private static void WriteChunk(Stream s, string type, byte[] body)
    {
        Span<byte> four = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(four, body.Length);
        s.Write(four);
        var typed = Encoding.ASCII.GetBytes(type).Concat(body).ToArray();
        s.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(four, Crc32(typed));
        s.Write(four);
    }

    /// <summary>CRC-32 (ISO 3309, polynomial 0xEDB88320 reflected) over the chunk type and data, as PNG requires.</summary>
    internal static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
