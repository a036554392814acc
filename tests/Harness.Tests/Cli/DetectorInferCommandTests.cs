using Xunit;

namespace Ablation.Harness.Tests.Cli;

/// <summary>
/// `ablate infer` on a detector against detectors_ref.py's infer (weights, input and expected eval output written
/// by PyTorch): YOLOv5 with SE after layer 8 and YOLOX-s, classes read from the head's weights.
/// </summary>
public class DetectorInferCommandTests
{
    [Theory]
    [InlineData("yolov5n", "se", "backbone-end")]
    [InlineData("yolox-s", "none", "")]
    public void OutputEqualsPyTorchs(string model, string attention, string placement)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"ablation-detector-infer-{Environment.ProcessId}-{model}");
        Directory.CreateDirectory(dir);
        var refArgs = new List<string> { Path.Combine(ModelCliProcess.RepoRoot, "tests", "reference", "detectors_ref.py"), "infer",
            "--model", model, "--input", "64", "--classes", "3", "--outdir", dir };
        var ablate = new List<string> { "infer", "--backbone", model, "--weights", Path.Combine(dir, "weights.safetensors"),
            "--input", Path.Combine(dir, "input.safetensors"), "--output", Path.Combine(dir, "output.safetensors") };
        if (attention != "none")
        {
            refArgs.AddRange(new[] { "--placement", placement, "--attention", attention });
            ablate.AddRange(new[] { "--attention", attention, "--placement", placement });
        }
        var py = ModelCliProcess.Python(refArgs.ToArray());
        Assert.True(py.ExitCode == 0, py.ToString());
        var r = ModelCliProcess.Ablate(ablate.ToArray());
        Assert.True(r.ExitCode == 0, r.ToString());
        var expected = TorchSharp.PyBridge.Safetensors.LoadStateDict(Path.Combine(dir, "expected.safetensors"))["output"];
        var actual = TorchSharp.PyBridge.Safetensors.LoadStateDict(Path.Combine(dir, "output.safetensors"))["output"];
        Assert.Equal(expected.shape, actual.shape);
        Assert.Equal(3 + 5, actual.shape[2]);
        double scale = expected.abs().max().item<float>();
        Assert.True((expected - actual).abs().max().item<float>() <= 1e-5 * scale, "output differs from PyTorch's");
    }

    [Fact]
    public void WeightsOfAnotherDetectorAreAOneLineError()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"ablation-detector-infer-{Environment.ProcessId}-mismatch");
        Directory.CreateDirectory(dir);
        var py = ModelCliProcess.Python(Path.Combine(ModelCliProcess.RepoRoot, "tests", "reference", "detectors_ref.py"), "infer",
            "--model", "yolov5n", "--input", "64", "--outdir", dir);
        Assert.True(py.ExitCode == 0, py.ToString());
        var r = ModelCliProcess.Ablate("infer", "--backbone", "yolov5s", "--weights", Path.Combine(dir, "weights.safetensors"),
            "--input", Path.Combine(dir, "input.safetensors"), "--output", Path.Combine(dir, "out.safetensors"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--weights", r.Stderr);
        Assert.Equal(1, r.Stderr.Trim().Split('\n').Length);
        Assert.False(File.Exists(Path.Combine(dir, "out.safetensors")));
    }
}
