using System.Buffers.Binary;
using System.Text.Json;

namespace Ablation.Harness.Weights;

/// <summary>One tensor's entry in a safetensors header: its dtype and shape (the data is not read).</summary>
public sealed record TensorEntry(string DType, IReadOnlyList<long> Shape);

/// <summary>
/// The header of a safetensors file (huggingface/safetensors format: an unsigned little-endian 64-bit
/// header length N, then N bytes of JSON mapping each tensor name to {dtype, shape, data_offsets}, with an
/// optional "__metadata__" entry), read in plain C#: what a command needs to know about weights before it
/// builds a model, without loading a tensor or touching the engine.
/// </summary>
public static class SafetensorsHeader
{
    /// <summary>The largest header the format allows (100 MB), so a corrupt length is refused before allocating.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <exception cref="InvalidDataException">the file is not a safetensors file; the message says why.</exception>
    public static IReadOnlyDictionary<string, TensorEntry> Read(string path)
    {
        using var f = File.OpenRead(path);
        Span<byte> prefix = stackalloc byte[8];
        if (f.ReadAtLeast(prefix, 8, throwOnEndOfStream: false) < 8) throw new InvalidDataException("shorter than the 8-byte header length");
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (n < 2 || n > MaxHeaderBytes || (long)n > f.Length - 8)
            throw new InvalidDataException($"header length {n} does not fit a file of {f.Length} bytes");
        var json = new byte[n];
        f.ReadExactly(json);
        var entries = new Dictionary<string, TensorEntry>();
        try
        {
            using var doc = JsonDocument.Parse(json);
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.Name == "__metadata__") continue;
                var dtype = p.Value.GetProperty("dtype").GetString() ?? "";
                var shape = p.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToList();
                entries[p.Name] = new TensorEntry(dtype, shape);
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"header is not safetensors JSON: {e.Message}");
        }
        return entries;
    }
}
