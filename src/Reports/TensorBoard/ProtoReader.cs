using System.Buffers.Binary;

namespace Ablation.Reports.TensorBoard;

/// <summary>One field of a protobuf message: its number, wire type, and the value (varint, fixed, or the bytes of a length-delimited field).</summary>
public readonly record struct ProtoField(int Number, int WireType, ulong Varint, ReadOnlyMemory<byte> Bytes)
{
    public const int VarintType = 0, Fixed64Type = 1, LengthDelimitedType = 2, Fixed32Type = 5;

    public double AsDouble => BitConverter.Int64BitsToDouble((long)Varint);
    public float AsFloat => BitConverter.Int32BitsToSingle((int)(uint)Varint);
    public long AsInt64 => (long)Varint;
    public string AsString => System.Text.Encoding.UTF8.GetString(Bytes.Span);
}

/// <summary>
/// The protobuf wire format read by hand (protobuf.dev, "Encoding"): each field is a varint key
/// (number &lt;&lt; 3 | wire type) and a value: varint (0), 64-bit little-endian (1), length-delimited (2) or
/// 32-bit little-endian (5). Groups (3, 4) are not used by TensorBoard's messages and are refused.
/// </summary>
public static class ProtoReader
{
    public static List<ProtoField> Fields(ReadOnlyMemory<byte> message)
    {
        var fields = new List<ProtoField>();
        var span = message.Span;
        int pos = 0;
        while (pos < span.Length)
        {
            ulong key = Varint(span, ref pos);
            int number = (int)(key >> 3), type = (int)(key & 7);
            switch (type)
            {
                case ProtoField.VarintType:
                    fields.Add(new ProtoField(number, type, Varint(span, ref pos), default));
                    break;
                case ProtoField.Fixed64Type:
                    Need(span, pos, 8);
                    fields.Add(new ProtoField(number, type, BinaryPrimitives.ReadUInt64LittleEndian(span[pos..]), default));
                    pos += 8;
                    break;
                case ProtoField.LengthDelimitedType:
                    int length = checked((int)Varint(span, ref pos));
                    Need(span, pos, length);
                    fields.Add(new ProtoField(number, type, 0, message.Slice(pos, length)));
                    pos += length;
                    break;
                case ProtoField.Fixed32Type:
                    Need(span, pos, 4);
                    fields.Add(new ProtoField(number, type, BinaryPrimitives.ReadUInt32LittleEndian(span[pos..]), default));
                    pos += 4;
                    break;
                default:
                    throw new InvalidDataException($"protobuf: wire type {type} of field {number} at byte {pos} is not supported");
            }
        }
        return fields;
    }

    /// <summary>The floats of a packed repeated float field (length-delimited, 4 bytes each).</summary>
    public static IEnumerable<float> PackedFloats(ReadOnlyMemory<byte> bytes)
    {
        for (int i = 0; i + 4 <= bytes.Length; i += 4)
            yield return BinaryPrimitives.ReadSingleLittleEndian(bytes.Span[i..]);
    }

    private static ulong Varint(ReadOnlySpan<byte> span, ref int pos)
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            Need(span, pos, 1);
            byte b = span[pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new InvalidDataException($"protobuf: varint longer than 10 bytes before byte {pos}");
    }

    private static void Need(ReadOnlySpan<byte> span, int pos, int count)
    {
        if (count < 0 || pos + count > span.Length)
            throw new InvalidDataException($"protobuf: field runs past the end of the message ({count} bytes at {pos} of {span.Length})");
    }
}
