using System.Buffers.Binary;

namespace Ablation.Reports.TensorBoard;

/// <summary>
/// The records of a TFRecord file, the framing of TensorBoard event files (tensorflow/core/lib/io/record_writer.cc):
/// each record is a little-endian uint64 length, the masked CRC-32C of those 8 bytes (uint32), the data,
/// and the masked CRC-32C of the data. Both CRCs are checked; a file cut in the middle of a record (a
/// writer still running) ends at the last whole record unless <c>strict</c>.
/// </summary>
public static class TfRecordReader
{
    /// <exception cref="InvalidDataException">a CRC does not match, or (strict) the file ends inside a record; the message names the file and byte offset.</exception>
    public static IEnumerable<byte[]> Read(string path, bool strict = true)
    {
        var bytes = File.ReadAllBytes(path);
        long pos = 0;
        while (pos < bytes.Length)
        {
            if (bytes.Length - pos < 12)
            {
                if (strict) throw new InvalidDataException($"{path}: byte {pos}: file ends inside a record header");
                yield break;
            }
            var header = bytes.AsSpan((int)pos, 8);
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(header);
            uint lengthCrc = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)pos + 8, 4));
            if (lengthCrc != Crc32C.Masked(header))
                throw new InvalidDataException($"{path}: byte {pos}: length CRC mismatch (stored {lengthCrc:x8}, computed {Crc32C.Masked(header):x8})");
            if (length > (ulong)(bytes.Length - pos - 16))
            {
                if (strict) throw new InvalidDataException($"{path}: byte {pos}: record of {length} bytes runs past the end of the file");
                yield break;
            }
            var data = bytes.AsSpan((int)pos + 12, (int)length);
            uint dataCrc = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)(pos + 12 + (long)length), 4));
            if (dataCrc != Crc32C.Masked(data))
                throw new InvalidDataException($"{path}: byte {pos}: data CRC mismatch (stored {dataCrc:x8}, computed {Crc32C.Masked(data):x8})");
            yield return data.ToArray();
            pos += 16 + (long)length;
        }
    }
}
