using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using Ablation.Torch.Serialization;
using Xunit;

namespace Ablation.Torch.Tests;

public class SafetensorsTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("abl-st-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string PathOf(string name) => Path.Combine(dir, name);

    private static Dictionary<string, Tensor> AllDTypes() => new()
    {
        ["f32"] = torch.randn(3, 4),
        ["f64"] = torch.randn([2, 2], DType.Float64),
        ["i64"] = torch.arange(-3, 4),
        ["u8"] = torch.tensor(new byte[] { 0, 7, 255 }),
        ["bool"] = torch.tensor(new[] { true, false, true }),
        ["f16"] = torch.randn(5).To(DType.Float16),
        ["bf16"] = torch.randn(5).To(DType.BFloat16),
        ["scalar"] = torch.tensor(2.5),
        ["empty"] = torch.zeros(0, 3),
    };

    [Fact]
    public void RoundTripsEveryDTypeWithShapeAndMetadata()
    {
        using var scope = torch.NewScope();
        var written = AllDTypes();
        var path = PathOf("all.safetensors");
        Safetensors.Save(path, written, new Dictionary<string, string> { ["format"] = "pt" });
        var read = Safetensors.Load(path);
        Assert.Equal(written.Keys.OrderBy(k => k), read.Keys.OrderBy(k => k));
        foreach (var (name, t) in written)
        {
            Assert.Equal(t.DType, read[name].DType);
            Assert.Equal(t.Shape, read[name].Shape);
            Assert.True(t.Equal(read[name]), name);
        }
        Assert.Equal("pt", Safetensors.ReadMetadata(path)["format"]);
        // Data of every tensor starts aligned to its element size (header padded to 8, larger dtypes first).
        Assert.Equal(0, (8 + HeaderLength(path)) % 8);
    }

    [Fact]
    public void ReadsWhatPyTorchWroteAndPyTorchReadsWhatWeWrote()
    {
        using var scope = torch.NewScope();
        var fixture = Fixtures.Path("safetensors_dtypes.safetensors");
        var read = Safetensors.Load(fixture);
        Assert.Equal(new float[] { 1.5f, -2f, 3.25f }, read["f32"].ToArray<float>());
        Assert.Equal(new long[] { 2, 3 }, read["f32_2x3"].Shape);
        Assert.Equal(new long[] { -1, 0, 1L << 40 }, read["i64"].ToArray<long>());
        Assert.Equal(new[] { true, false }, read["bool"].ToArray<bool>());
        Assert.Equal(new byte[] { 0, 128, 255 }, read["u8"].ToArray<byte>());
        Assert.Equal(new double[] { 0.1, 1e-300 }, read["f64"].ToArray<double>());
        Assert.Equal(new double[] { 1.5, -2, 65504 }, read["f16"].To(DType.Float64).ToArray<double>());
        Assert.Equal(new double[] { 1.5, -2, 3.0e38 }, read["bf16"].To(DType.Float64).ToArray<double>(), new RelativeComparer(1e-2));

        var path = PathOf("ours.safetensors");
        Safetensors.Save(path, AllDTypes().Where(kv => kv.Key != "empty").ToDictionary());
        var sums = Python.Run($"import sys; sys.path.insert(0, {Python.Quote(Fixtures.ReferenceDir)}); import safetensors_io as s, torch\n" +
                              $"d = s.load({Python.Quote(path)})\n" +
                              "print(sorted((k, str(v.dtype), list(v.shape)) for k, v in d.items()))");
        Assert.Contains("('bf16', 'torch.bfloat16', [5])", sums);
        Assert.Contains("('bool', 'torch.bool', [3])", sums);
        Assert.Contains("('f32', 'torch.float32', [3, 4])", sums);
        Assert.Contains("('scalar', 'torch.float32', [])", sums);
    }

    [Fact]
    public void TruncatedFileNamesTheFile()
    {
        var path = PathOf("short.safetensors");
        File.WriteAllBytes(path, new byte[] { 1, 2, 3 });
        var e = Assert.Throws<SafetensorsFormatException>(() => Safetensors.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void HeaderLongerThanTheFileIsTruncation()
    {
        var path = Write("long.safetensors", "{}", announcedLength: 1000);
        Assert.Contains("truncated", Assert.Throws<SafetensorsFormatException>(() => Safetensors.Load(path)).Message);
    }

    [Fact]
    public void TruncatedDataIsOffsetsOutOfRange()
    {
        using var scope = torch.NewScope();
        var path = PathOf("cut.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["w"] = torch.ones(16) });
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^8]);
        var e = Assert.Throws<SafetensorsFormatException>(() => Safetensors.Load(path));
        Assert.Contains("'w'", e.Message);
        Assert.Contains("out of range", e.Message);
    }

    [Fact]
    public void BadJsonUnknownDTypeAndByteCountMismatchAreClearErrors()
    {
        var bad = Write("bad.safetensors", "{\"w\": [");
        Assert.Contains("not valid JSON", Assert.Throws<SafetensorsFormatException>(() => Safetensors.Load(bad)).Message);

        var unknown = Write("unknown.safetensors", "{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}", data: 2);
        var e = Assert.Throws<SafetensorsFormatException>(() => Safetensors.Load(unknown));
        Assert.Contains("unknown dtype 'F8_E4M3'", e.Message);
        Assert.Contains(unknown, e.Message);

        var mismatch = Write("mismatch.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", data: 8);
        Assert.Contains("needs 12 bytes", Assert.Throws<SafetensorsFormatException>(() => Safetensors.Load(mismatch)).Message);

        var noShape = Write("noshape.safetensors", "{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", data: 4);
        Assert.Contains("no shape", Assert.Throws<SafetensorsFormatException>(() => Safetensors.Load(noShape)).Message);
    }

    [Fact]
    public void MissingFileIsFileNotFound() =>
        Assert.Throws<FileNotFoundException>(() => Safetensors.Load(PathOf("nope.safetensors")));

    private string Write(string name, string json, int data = 0, long? announcedLength = null)
    {
        var path = PathOf(name);
        var header = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + header.Length + data];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)(announcedLength ?? header.Length));
        header.CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static long HeaderLength(string path) => (long)BinaryPrimitives.ReadUInt64LittleEndian(File.ReadAllBytes(path).AsSpan(0, 8));

    private sealed class RelativeComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance * Math.Max(Math.Abs(a), Math.Abs(b));
        public int GetHashCode(double x) => 0;
    }
}
