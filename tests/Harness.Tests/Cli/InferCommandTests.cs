using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using Xunit;

namespace Ablation.Harness.Tests.Cli;

/// <summary>
/// `ablate infer` gives PyTorch's eval-mode output for PyTorch's weights (tests/reference/backbones_ref.py
/// infer writes weights, input and the expected output), and refuses bad files with one line, exit 2.
/// </summary>
public sealed class InferCommandTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "ablation-infer-" + Guid.NewGuid().ToString("N"));

    public InferCommandTests() => Directory.CreateDirectory(dir);

    public void Dispose()
    {
        try { Directory.Delete(dir, true); } catch (IOException) { }
    }

    private void Reference(params string[] args)
    {
        var r = ModelCliProcess.Python(new[] { Path.Combine(ModelCliProcess.RepoRoot, "tests", "reference", "backbones_ref.py"), "infer" }
            .Concat(args).Concat(new[] { "--outdir", dir }).ToArray());
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    private string F(string name) => Path.Combine(dir, name);

    [Theory]
    [InlineData("resnet20", "se", "block", 16)]
    [InlineData("mobilenetv2", "ca", "block", 32)]
    public void OutputEqualsPyTorchsForTheSameWeights(string backbone, string attention, string? placement, int input)
    {
        var args = new List<string> { "--backbone", backbone, "--input", input.ToString(), "--classes", "10", "--width", "0.5" };
        if (backbone != "mobilenetv2") args.RemoveRange(args.Count - 2, 2);
        if (placement != null) args.AddRange(new[] { "--placement", placement, "--attention", attention });
        Reference(args.ToArray());
        var cli = new List<string> { "infer", "--backbone", backbone, "--attention", attention, "--classes", "10",
            "--weights", F("weights.safetensors"), "--input", F("input.safetensors"), "--output", F("output.safetensors") };
        if (backbone == "mobilenetv2") cli.AddRange(new[] { "--width", "0.5" });
        if (placement != null) cli.AddRange(new[] { "--placement", placement });
        var r = ModelCliProcess.Ablate(cli.ToArray());
        Assert.True(r.ExitCode == 0, r.ToString());
        var expected = StateDicts.Read(F("expected.safetensors"))["output"];
        var actual = StateDicts.Read(F("output.safetensors"))["output"];
        Assert.Equal(expected.shape, actual.shape);
        var e = expected.data<float>().ToArray();
        var a = actual.data<float>().ToArray();
        var scale = e.Max(Math.Abs);
        var diff = e.Zip(a, (x, y) => Math.Abs(x - y)).Max();
        Assert.True(diff <= 1e-5 * scale, $"max |diff| {diff} vs max |ref| {scale}");
    }

    [Fact]
    public void WithoutStemTheImageNetStemOfTorchvisionWeightsIsTakenAt64Pixels()
    {
        // torchvision's resnet18 (7x7 conv1) at 64x64: the size alone would pick the CIFAR stem.
        Reference("--backbone", "resnet18", "--input", "64", "--classes", "10", "--stem", "imagenet");
        var r = ModelCliProcess.Ablate("infer", "--backbone", "resnet18", "--classes", "10", "--weights", F("weights.safetensors"),
            "--input", F("input.safetensors"), "--output", F("output.safetensors"));
        Assert.True(r.ExitCode == 0, r.ToString());
        var e = StateDicts.Read(F("expected.safetensors"))["output"].data<float>().ToArray();
        var a = StateDicts.Read(F("output.safetensors"))["output"].data<float>().ToArray();
        Assert.True(e.Zip(a, (x, y) => Math.Abs(x - y)).Max() <= 1e-5 * e.Max(Math.Abs));

        // An explicit --stem still wins, and the mismatch says which option fixes it.
        var wrong = ModelCliProcess.Ablate("infer", "--backbone", "resnet18", "--classes", "100", "--stem", "cifar",
            "--weights", F("weights.safetensors"), "--input", F("input.safetensors"), "--output", F("other.safetensors"));
        Assert.True(wrong.ExitCode == 2, wrong.ToString());
        Assert.True(wrong.Stderr.Contains("conv1.weight: checkpoint [64, 3, 7, 7], model [64, 3, 3, 3]"), wrong.ToString());
        Assert.EndsWith("the weights fit --stem imagenet --classes 10", wrong.Stderr.Trim());
        Assert.Single(wrong.Stderr.Trim().Split('\n'));
        Assert.False(File.Exists(F("other.safetensors")));
    }

    [Fact]
    public void WeightsOfAnotherModelAreOneLineNamingTheFileAndExit2()
    {
        Reference("--backbone", "resnet20", "--input", "16", "--classes", "10");
        var r = ModelCliProcess.Ablate("infer", "--backbone", "resnet32", "--classes", "10", "--weights", F("weights.safetensors"),
            "--input", F("input.safetensors"), "--output", F("output.safetensors"));
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.StartsWith($"--weights {F("weights.safetensors")}: error loading state dict", r.Stderr);
        Assert.Contains("missing keys: layer1.3.conv1.weight", r.Stderr);
        Assert.Contains("check --backbone", r.Stderr);                 // stem, channels and classes agree: another option
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.False(File.Exists(F("output.safetensors")));
    }

    [Fact]
    public void MissingFilesAndMisnamedTensorsAreOneLineAndExit2()
    {
        var missing = ModelCliProcess.Ablate("infer", "--backbone", "resnet20", "--weights", F("none.safetensors"),
            "--input", F("none.safetensors"), "--output", F("out.safetensors"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal($"--input: file not found: {F("none.safetensors")}", missing.Stderr.Trim());

        using (var t = torch.zeros(1, 3, 8, 8)) StateDicts.Write(F("x.safetensors"), new Dictionary<string, Tensor> { ["image"] = t });
        var misnamed = ModelCliProcess.Ablate("infer", "--backbone", "resnet20", "--weights", F("none.safetensors"),
            "--input", F("x.safetensors"), "--output", F("out.safetensors"));
        Assert.Equal(2, misnamed.ExitCode);
        Assert.Equal($"--input {F("x.safetensors")}: no tensor named 'input' (it has: image)", misnamed.Stderr.Trim());
    }
}
