using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Ablation.Torch.Serialization;

/// <summary>
/// Reads and writes the safetensors format (https://github.com/huggingface/safetensors), the way weights
/// move between Ablation and PyTorch: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
/// mapping each name to {"dtype", "shape", "data_offsets": [begin, end]} (offsets relative to the data
/// that follows the header) plus an optional "__metadata__" string map, then the raw little-endian,
/// row-major tensor bytes. Dtypes: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL.
/// Every defect (truncation, bad JSON, unknown dtype, offsets out of range, a byte count that does not
/// match the shape) is a <see cref="SafetensorsFormatException"/> naming the file.
/// </summary>
public static class Safetensors
{
    private const string MetadataKey = "__metadata__";
    private const long MaxHeaderBytes = 100L << 20;

    /// <summary>
    /// Loads every tensor of the file (CPU, or moved to <paramref name="device"/>). The tensors register with
    /// the current DisposeScope like any new tensor; take ownership with DisposeScope.Detach if they must
    /// outlive it.
    /// </summary>
    public static Dictionary<string, Tensor> Load(string path, Device? device = null)
    {
        using var file = Open(path);
        var (entries, dataStart) = ReadHeader(path, file);
        var result = new Dictionary<string, Tensor>(entries.Count);
        try
        {
            foreach (var e in entries)
                result[e.Name] = ReadTensor(path, file, dataStart, e, device);
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            throw;
        }
        return result;
    }

    /// <summary>Names, dtypes and shapes of the tensors in a file, without reading their data.</summary>
    public static IReadOnlyList<(string Name, DType DType, long[] Shape)> Describe(string path)
    {
        using var file = Open(path);
        return ReadHeader(path, file).Entries.Select(e => (e.Name, e.DType, e.Shape)).ToList();
    }

    /// <summary>The "__metadata__" string map of a file (empty when it has none).</summary>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path)
    {
        using var file = Open(path);
        var json = ReadHeaderJson(path, file).Json;
        var meta = new Dictionary<string, string>();
        using var doc = Parse(path, json);
        if (doc.RootElement.TryGetProperty(MetadataKey, out var m))
        {
            if (m.ValueKind != JsonValueKind.Object) throw new SafetensorsFormatException(path, "__metadata__ is not an object");
            foreach (var p in m.EnumerateObject())
                meta[p.Name] = p.Value.ValueKind == JsonValueKind.String
                    ? p.Value.GetString()!
                    : throw new SafetensorsFormatException(path, $"__metadata__ value of '{p.Name}' is not a string");
        }
        return meta;
    }

    /// <summary>
    /// Writes the tensors (any device; copied to the CPU) with an optional metadata string map. The file is
    /// written to a temporary name and renamed, so a reader never sees half a file.
    /// </summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        // Larger elements first keeps every tensor aligned to its element size (the header is padded to 8).
        var ordered = tensors.OrderByDescending(kv => kv.Value.DType.ElementSize()).ThenBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        var header = new MemoryStream();
        var offsets = new List<(Tensor Tensor, long Bytes)>();
        using (var w = new Utf8JsonWriter(header))
        {
            w.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                w.WriteStartObject(MetadataKey);
                foreach (var (k, v) in metadata) w.WriteString(k, v);
                w.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, t) in ordered)
            {
                if (name == MetadataKey) throw new ArgumentException($"{path}: a tensor cannot be named {MetadataKey}");
                long bytes = t.NumEl * t.DType.ElementSize();
                w.WriteStartObject(name);
                w.WriteString("dtype", Code(t.DType));
                w.WriteStartArray("shape");
                foreach (var s in t.Shape) w.WriteNumberValue(s);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                w.WriteNumberValue(offset + bytes);
                w.WriteEndArray();
                w.WriteEndObject();
                offsets.Add((t, bytes));
                offset += bytes;
            }
            w.WriteEndObject();
        }
        while (header.Length % 8 != 0) header.WriteByte((byte)' ');

        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var temp = System.IO.Path.Combine(dir, $".{System.IO.Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
                file.Write(length);
                header.Position = 0;
                header.CopyTo(file);
                foreach (var (t, bytes) in offsets) WriteTensor(file, t, bytes);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    // ---- reading ----------------------------------------------------------------------------------------
    private sealed record Entry(string Name, DType DType, long[] Shape, long Begin, long End);

    private static FileStream Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"{path}: no such safetensors file", path, e);
        }
    }

    private static (byte[] Json, long DataStart) ReadHeaderJson(string path, FileStream file)
    {
        Span<byte> prefix = stackalloc byte[8];
        if (file.Length < 8 || file.ReadAtLeast(prefix, 8, throwOnEndOfStream: false) < 8)
            throw new SafetensorsFormatException(path, $"truncated: {file.Length} bytes, shorter than the 8-byte header length");
        var n = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (n > (ulong)MaxHeaderBytes) throw new SafetensorsFormatException(path, $"header length {n} is implausible (over {MaxHeaderBytes} bytes)");
        if ((long)n > file.Length - 8)
            throw new SafetensorsFormatException(path, $"truncated: header of {n} bytes, but only {file.Length - 8} bytes follow");
        var json = new byte[n];
        file.ReadExactly(json);
        return (json, 8 + (long)n);
    }

    private static JsonDocument Parse(string path, byte[] json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new SafetensorsFormatException(path, $"header is not valid JSON ({e.Message})");
        }
    }

    private static (List<Entry> Entries, long DataStart) ReadHeader(string path, FileStream file)
    {
        var (json, dataStart) = ReadHeaderJson(path, file);
        long dataLength = file.Length - dataStart;
        using var doc = Parse(path, json);
        if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new SafetensorsFormatException(path, "header is not a JSON object");
        var entries = new List<Entry>();
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            if (p.Name == MetadataKey) continue;
            entries.Add(ReadEntry(path, p, dataLength));
        }
        return (entries, dataStart);
    }

    private static Entry ReadEntry(string path, JsonProperty p, long dataLength)
    {
        string where = $"tensor '{p.Name}'";
        var v = p.Value;
        if (v.ValueKind != JsonValueKind.Object) throw new SafetensorsFormatException(path, $"{where} is not an object");
        if (!v.TryGetProperty("dtype", out var dt) || dt.ValueKind != JsonValueKind.String)
            throw new SafetensorsFormatException(path, $"{where} has no dtype string");
        var dtype = DTypeOf(dt.GetString()!) ??
                    throw new SafetensorsFormatException(path, $"{where} has unknown dtype '{dt.GetString()}' (known: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL)");
        var shape = LongArray(path, v, "shape", where);
        var offsets = LongArray(path, v, "data_offsets", where);
        if (offsets.Length != 2) throw new SafetensorsFormatException(path, $"{where}: data_offsets must be [begin, end]");
        long begin = offsets[0], end = offsets[1];
        if (begin < 0 || end < begin || end > dataLength)
            throw new SafetensorsFormatException(path, $"{where}: data_offsets [{begin}, {end}] out of range (data has {dataLength} bytes)");
        long numel = 1;
        foreach (var s in shape)
        {
            if (s < 0) throw new SafetensorsFormatException(path, $"{where}: negative size in shape [{string.Join(", ", shape)}]");
            numel = checked(numel * s);
        }
        long expected = numel * dtype.ElementSize();
        if (end - begin != expected)
            throw new SafetensorsFormatException(path,
                $"{where}: shape [{string.Join(", ", shape)}] of {Code(dtype)} needs {expected} bytes, data_offsets give {end - begin}");
        return new Entry(p.Name, dtype, shape, begin, end);
    }

    private static long[] LongArray(string path, JsonElement v, string field, string where)
    {
        if (!v.TryGetProperty(field, out var a) || a.ValueKind != JsonValueKind.Array)
            throw new SafetensorsFormatException(path, $"{where} has no {field} array");
        var r = new long[a.GetArrayLength()];
        int i = 0;
        foreach (var x in a.EnumerateArray())
            r[i++] = x.ValueKind == JsonValueKind.Number && x.TryGetInt64(out var l)
                ? l
                : throw new SafetensorsFormatException(path, $"{where}: {field} holds a non-integer");
        return r;
    }

    private static Tensor ReadTensor(string path, FileStream file, long dataStart, Entry e, Device? device)
    {
        long bytes = e.End - e.Begin;
        if (bytes > int.MaxValue) throw new SafetensorsFormatException(path, $"tensor '{e.Name}' is over 2 GiB, which this reader does not support");
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(bytes, 1));
        try
        {
            file.Position = dataStart + e.Begin;
            file.ReadExactly(buffer, 0, (int)bytes);
            var t = torch.from_bytes(buffer.AsSpan(0, (int)bytes), e.Shape, e.DType);
            if (device is { } d && d != Device.CPU)
            {
                var moved = t.To(d);
                t.Dispose();
                return moved;
            }
            return t;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // ---- writing -----------------------------------------------------------------------------------------
    private static void WriteTensor(FileStream file, Tensor t, long bytes)
    {
        if (bytes > int.MaxValue) throw new ArgumentException($"tensor of {bytes} bytes is over 2 GiB, which this writer does not support");
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(bytes, 1));
        try
        {
            t.CopyBytesTo(buffer.AsSpan(0, (int)bytes));
            file.Write(buffer, 0, (int)bytes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // ---- dtype codes ---------------------------------------------------------------------------------------
    private static string Code(DType t) => t switch
    {
        DType.Float64 => "F64",
        DType.Float32 => "F32",
        DType.Float16 => "F16",
        DType.BFloat16 => "BF16",
        DType.Int64 => "I64",
        DType.Int32 => "I32",
        DType.Int16 => "I16",
        DType.Int8 => "I8",
        DType.UInt8 => "U8",
        DType.Bool => "BOOL",
        _ => throw new ArgumentException($"dtype {t} has no safetensors code"),
    };

    private static DType? DTypeOf(string code) => code switch
    {
        "F64" => DType.Float64,
        "F32" => DType.Float32,
        "F16" => DType.Float16,
        "BF16" => DType.BFloat16,
        "I64" => DType.Int64,
        "I32" => DType.Int32,
        "I16" => DType.Int16,
        "I8" => DType.Int8,
        "U8" => DType.UInt8,
        "BOOL" => DType.Bool,
        _ => null,
    };
}
