using System.Buffers.Binary;
using System.Text;
using Ablation.Experiments.Attention;
using Ablation.Experiments.Backbones;
using Ablation.Harness.Weights;
using Xunit;

namespace Ablation.Harness.Tests.Cli;

/// <summary>The safetensors header read in plain C#, and what its shapes say about --stem, --in-channels and --classes.</summary>
public sealed class WeightsShapeTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "ablation-weights-" + Guid.NewGuid().ToString("N"));

    public WeightsShapeTests() => Directory.CreateDirectory(dir);

    public void Dispose()
    {
        try { Directory.Delete(dir, true); } catch (IOException) { }
    }

    /// <summary>A safetensors file written by hand from the format's definition: u64 LE header length, JSON, zeroed F32 data.</summary>
    private string Write(string name, params (string Key, long[] Shape)[] tensors)
    {
        long offset = 0;
        var entries = new List<string> { "\"__metadata__\":{\"format\":\"pt\"}" };
        foreach (var (key, shape) in tensors)
        {
            long bytes = 4 * shape.Aggregate(1L, (a, b) => a * b);
            entries.Add($"\"{key}\":{{\"dtype\":\"F32\",\"shape\":[{string.Join(",", shape)}],\"data_offsets\":[{offset},{offset + bytes}]}}");
            offset += bytes;
        }
        var json = Encoding.UTF8.GetBytes("{" + string.Join(",", entries) + "}");
        var path = Path.Combine(dir, name);
        using var f = File.Create(path);
        Span<byte> n = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(n, (ulong)json.Length);
        f.Write(n);
        f.Write(json);
        f.Write(new byte[offset]);
        return path;
    }

    [Fact]
    public void Header_gives_every_tensor_with_dtype_and_shape_and_skips_metadata()
    {
        var header = SafetensorsHeader.Read(Write("w.safetensors", ("conv1.weight", [64, 3, 7, 7]), ("fc.weight", [10, 512]), ("fc.bias", [10])));
        Assert.Equal(3, header.Count);
        Assert.Equal([64L, 3, 7, 7], header["conv1.weight"].Shape);
        Assert.Equal("F32", header["fc.bias"].DType);
    }

    [Theory]
    [InlineData(7, "imagenet")]
    [InlineData(3, "cifar")]
    public void Stem_comes_from_the_kernel_of_conv1(long kernel, string stem)
    {
        var shape = WeightsShape.Of(SafetensorsHeader.Read(Write($"k{kernel}.safetensors", ("conv1.weight", [64, 1, kernel, kernel]), ("fc.weight", [10, 512]))));
        Assert.Equal(new WeightsShape(stem, 1, 10), shape);
    }

    [Fact]
    public void The_fix_names_the_options_that_differ_from_the_spec()
    {
        var shape = new WeightsShape(Stems.ImageNet, 3, 10);
        var spec = new ModelSpec("resnet18", new AttentionSpec("none", new Dictionary<string, string>()), Placement.Block, null, 1000, 3, 64);
        Assert.Equal("the weights fit --stem imagenet --classes 10", shape.FixFor(spec));
        Assert.StartsWith("check --backbone", shape.FixFor(spec with { Classes = 10, Stem = Stems.ImageNet }));
    }

    [Fact]
    public void Files_that_are_not_safetensors_are_refused_with_the_reason()
    {
        var tiny = Path.Combine(dir, "tiny");
        File.WriteAllBytes(tiny, [1, 2, 3]);
        Assert.Contains("8-byte", Assert.Throws<InvalidDataException>(() => SafetensorsHeader.Read(tiny)).Message);
        var huge = Path.Combine(dir, "huge");
        File.WriteAllBytes(huge, [0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, (byte)'{', (byte)'}']);
        Assert.Contains("header length", Assert.Throws<InvalidDataException>(() => SafetensorsHeader.Read(huge)).Message);
        var notJson = Path.Combine(dir, "notjson");
        File.WriteAllBytes(notJson, [4, 0, 0, 0, 0, 0, 0, 0, (byte)'n', (byte)'o', (byte)'p', (byte)'e']);
        Assert.Contains("JSON", Assert.Throws<InvalidDataException>(() => SafetensorsHeader.Read(notJson)).Message);
    }
}
