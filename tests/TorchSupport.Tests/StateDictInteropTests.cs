using System.Buffers.Binary;
using System.Text;
using Ablation.TorchSupport.nn;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Ablation.TorchSupport.Tests;

/// <summary>
/// Weights move between PyTorch and us unchanged through <see cref="StateDicts"/>: a file PyTorch wrote (every
/// dtype; a model's state dict) reads back with its values and gives PyTorch's output; a file we wrote loads into
/// PyTorch with strict=True and gives our output there; a bad file is an error naming it.
/// </summary>
[Collection(SeededCollection.Name)]
public sealed class StateDictInteropTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("abl-sd-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string PathOf(string name) => Path.Combine(dir, name);

    /// <summary>The same model as RoundTripNet in tests/reference/nn_layers.py.</summary>
    private sealed class RoundTripNet : ExplicitModule
    {
        private readonly Conv2d conv1;
        private readonly BatchNorm2d bn1;
        private readonly TorchSharp.Modules.Sequential layer1;
        private readonly Linear fc;

        public RoundTripNet() : base(nameof(RoundTripNet))
        {
            conv1 = RegisterModule("conv1", new Conv2d(3, 8, 3, padding: 1, bias: false));
            bn1 = RegisterModule("bn1", new BatchNorm2d(8));
            layer1 = RegisterModule("layer1", TorchSharp.torch.nn.Sequential(new Conv2d(8, 8, 3, stride: 2, padding: 1), new BatchNorm2d(8), new ReLU()));
            fc = RegisterModule("fc", new Linear(8, 5));
        }

        public override Tensor forward(Tensor x)
        {
            x = F.relu(bn1.forward(conv1.forward(x)));
            x = layer1.forward(x);
            return fc.forward(F.adaptive_avg_pool2d(x, 1).flatten(1));
        }
    }

    [Fact]
    public void Every_dtype_PyTorch_wrote_reads_back_with_its_values()
    {
        using var scope = NewDisposeScope();
        var read = StateDicts.Read(Path.Combine(Fixtures.Dir, "safetensors_dtypes.safetensors"));
        Assert.Equal(new float[] { 1.5f, -2f, 3.25f }, read["f32"].data<float>().ToArray());
        Assert.Equal(new long[] { 2, 3 }, read["f32_2x3"].shape);
        Assert.Equal(new long[] { -1, 0, 1L << 40 }, read["i64"].data<long>().ToArray());
        Assert.Equal(new[] { true, false }, read["bool"].data<bool>().ToArray());
        Assert.Equal(new byte[] { 0, 128, 255 }, read["u8"].data<byte>().ToArray());
        Assert.Equal(new double[] { 0.1, 1e-300 }, read["f64"].data<double>().ToArray());
        Assert.Equal(ScalarType.Float16, read["f16"].dtype);
        Assert.Equal(new double[] { 1.5, -2, 65504 }, read["f16"].to(ScalarType.Float64).data<double>().ToArray());
        Assert.Equal(ScalarType.BFloat16, read["bf16"].dtype);
        var bf16 = read["bf16"].to(ScalarType.Float64).data<double>().ToArray();
        Assert.Equal(new double[] { 1.5, -2, 3.0e38 }, bf16, new RelativeComparer(1e-2));
    }

    [Fact]
    public void Every_dtype_we_write_reads_in_PyTorch()
    {
        using var scope = NewDisposeScope();
        var path = PathOf("ours.safetensors");
        StateDicts.Write(path, new Dictionary<string, Tensor>
        {
            ["f32"] = randn(3, 4),
            ["f64"] = randn(new long[] { 2, 2 }, ScalarType.Float64),
            ["i64"] = arange(-3, 4),
            ["u8"] = tensor(new byte[] { 0, 7, 255 }),
            ["bool"] = tensor(new[] { true, false, true }),
            ["f16"] = randn(5).to(ScalarType.Float16),
            ["bf16"] = randn(5).to(ScalarType.BFloat16),
            ["scalar"] = tensor(2.5f),
        });
        var listed = Python.Run($"import sys; sys.path.insert(0, {Python.Quote(Python.ReferenceDir)}); import safetensors_io as s, torch\n" +
                                $"d = s.load({Python.Quote(path)})\n" +
                                "print(sorted((k, str(v.dtype), list(v.shape)) for k, v in d.items()))");
        Assert.Contains("('bf16', 'torch.bfloat16', [5])", listed);
        Assert.Contains("('bool', 'torch.bool', [3])", listed);
        Assert.Contains("('f16', 'torch.float16', [5])", listed);
        Assert.Contains("('f32', 'torch.float32', [3, 4])", listed);
        Assert.Contains("('f64', 'torch.float64', [2, 2])", listed);
        Assert.Contains("('i64', 'torch.int64', [7])", listed);
        Assert.Contains("('scalar', 'torch.float32', [])", listed);
        Assert.Contains("('u8', 'torch.uint8', [3])", listed);
    }

    [Fact]
    public void State_dict_written_by_PyTorch_loads_and_gives_PyTorchs_output()
    {
        torch.set_num_threads(1);
        var golden = Fixtures.Load("nn_layers.safetensors");
        // nn_layers.safetensors was written by PyTorch (tests/reference/nn_layers.py); read it as a user's checkpoint.
        var written = StateDicts.Read(Path.Combine(Fixtures.Dir, "nn_layers.safetensors"));
        using var net = new RoundTripNet();
        using var scope = NewDisposeScope();
        var state = written.Where(kv => kv.Key.StartsWith("roundtrip.state."))
            .ToDictionary(kv => kv.Key["roundtrip.state.".Length..], kv => kv.Value);
        Assert.Equal(state.Keys.Order(), net.state_dict().Keys.Order());
        StateDicts.Load(net, state, strict: true);
        net.eval();
        using (no_grad())
            Fixtures.AssertClose("round trip output", golden["roundtrip.out"], net.forward(golden["roundtrip.x"]));
        Assert.Equal(golden["roundtrip.state.bn1.num_batches_tracked"].item<long>(), net.state_dict()["bn1.num_batches_tracked"].item<long>());
    }

    [Fact]
    public void State_dict_written_by_us_loads_into_PyTorch_strictly_and_gives_the_same_output()
    {
        torch.set_num_threads(1);
        torch.manual_seed(11);
        using var net = new RoundTripNet();
        using var scope = NewDisposeScope();
        net.train();
        net.forward(randn(4, 3, 8, 8)); // training mode: running statistics move away from their initial values
        net.eval();
        var x = randn(2, 3, 8, 8);
        Tensor y;
        using (no_grad()) y = net.forward(x);
        string weights = PathOf("net.safetensors"), io = PathOf("io.safetensors"), result = PathOf("out.safetensors");
        StateDicts.Write(weights, StateDicts.Ordered(net).ToDictionary(kv => kv.Key, kv => kv.Value));
        StateDicts.Write(io, new Dictionary<string, Tensor> { ["x"] = x });
        Python.Run($"""
            import sys, torch
            sys.path.insert(0, {Python.Quote(Python.ReferenceDir)})
            from safetensors_io import load, save
            from nn_layers import RoundTripNet
            torch.set_num_threads(1)
            net = RoundTripNet()
            net.load_state_dict(load({Python.Quote(weights)}), strict=True)
            net.eval()
            with torch.no_grad():
                out = net(load({Python.Quote(io)})["x"])
            save(dict(out=out), {Python.Quote(result)})
            """);
        Fixtures.AssertClose("PyTorch's output with our state dict", StateDicts.Read(result)["out"], y);
    }

    [Fact]
    public void Missing_file_is_an_error_naming_it()
    {
        var path = PathOf("nope.safetensors");
        var e = Assert.Throws<FileNotFoundException>(() => StateDicts.Read(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Truncated_file_is_an_error_naming_it()
    {
        var path = PathOf("short.safetensors");
        File.WriteAllBytes(path, new byte[] { 1, 2, 3 });
        var e = Assert.Throws<InvalidDataException>(() => StateDicts.Read(path));
        Assert.StartsWith(path + ":", e.Message);
    }

    [Fact]
    public void Header_that_is_not_JSON_is_an_error_naming_the_file()
    {
        var path = WriteRaw("bad.safetensors", "{\"w\": [");
        var e = Assert.Throws<InvalidDataException>(() => StateDicts.Read(path));
        Assert.StartsWith(path + ":", e.Message);
    }

    [Fact]
    public void Data_shorter_than_the_header_says_is_an_error_naming_the_file()
    {
        using var scope = NewDisposeScope();
        var path = PathOf("cut.safetensors");
        StateDicts.Write(path, new Dictionary<string, Tensor> { ["w"] = ones(16) });
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^8]);
        var e = Assert.Throws<InvalidDataException>(() => StateDicts.Read(path));
        Assert.StartsWith(path + ":", e.Message);
    }

    private string WriteRaw(string name, string json, int data = 0)
    {
        var path = PathOf(name);
        var header = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + header.Length + data];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private sealed class RelativeComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance * Math.Max(Math.Abs(a), Math.Abs(b));
        public int GetHashCode(double x) => 0;
    }
}
