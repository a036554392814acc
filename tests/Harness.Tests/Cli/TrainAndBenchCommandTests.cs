using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace Ablation.Harness.Tests.Cli;

/// <summary>`ablate train` and `ablate bench` run as a user runs them: a separate process, its exit code, its output.</summary>
public class TrainAndBenchCommandTests
{
    private static (int Exit, string Out, string Err) Ablate(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "ablate.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, err.Result);
    }

    private static readonly string[] Tiny =
    {
        "--backbone", "resnet20", "--attention", "se", "--dataset", "synthetic",
        "--dataset-opt", "train=48,test=24,image=8,classes=3", "--batch", "16", "--threads", "1",
    };

    [Fact]
    public void Train_with_json_prints_one_summary_object_and_resumes_only_when_asked()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ablate-train-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var (exit, stdout, stderr) = Ablate(new[] { "train" }.Concat(Tiny).Concat(new[] { "--epochs", "1", "--out", dir, "--json" }).ToArray());
            Assert.True(exit == 0, stderr);
            using var doc = JsonDocument.Parse(stdout); // stdout holds the object and nothing else
            var r = doc.RootElement;
            foreach (var field in new[] { "top1", "top5", "best_top1", "epochs", "train_img_s", "infer_img_s", "peak_mem_bytes", "params", "macs", "wall_s" })
                Assert.True(r.TryGetProperty(field, out _), $"missing {field}");
            Assert.Equal(1, r.GetProperty("epochs").GetInt32());
            Assert.InRange(r.GetProperty("top1").GetDouble(), 0, 1);
            Assert.True(r.GetProperty("macs").GetInt64() > 0);
            Assert.Equal("synthetic", r.GetProperty("dataset").GetString());

            var again = Ablate(new[] { "train" }.Concat(Tiny).Concat(new[] { "--epochs", "1", "--out", dir }).ToArray());
            Assert.Equal(2, again.Exit);
            Assert.Contains("pass --resume", again.Err);

            var resumed = Ablate(new[] { "train" }.Concat(Tiny).Concat(new[] { "--epochs", "1", "--out", dir, "--resume", "--json" }).ToArray());
            Assert.Equal(0, resumed.Exit);
            Assert.Equal(r.GetProperty("top1").GetDouble(), JsonDocument.Parse(resumed.Out).RootElement.GetProperty("top1").GetDouble());
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("--dataset", "imagenet", "unknown dataset 'imagenet'")]
    [InlineData("--lr", "fast", "recipe: field 'lr' is 'fast'")]
    [InlineData("--augment", "rotate", "augment: unknown item 'rotate'")]
    [InlineData("--in-channels", "1", "--in-channels 1: dataset synthetic has 3-channel images")]
    public void Bad_train_input_is_one_line_and_exit_code_2(string option, string value, string message)
    {
        var args = new[] { "train" }.Concat(Tiny).ToList();
        int i = args.IndexOf(option);
        if (i >= 0) args[i + 1] = value;
        else args.AddRange(new[] { option, value });
        var (exit, _, stderr) = Ablate(args.ToArray());
        Assert.Equal(2, exit);
        Assert.Contains(message, stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public void A_missing_data_file_names_the_file()
    {
        var (exit, _, stderr) = Ablate("train", "--backbone", "resnet20", "--dataset", "cifar10", "--data-root", "/nonexistent/cifar",
            "--out", Path.Combine(Path.GetTempPath(), "ablate-missing-" + Guid.NewGuid().ToString("N")[..8]));
        Assert.Equal(2, exit);
        Assert.Contains("/nonexistent/cifar/data_batch_1.bin: file not found", stderr);
    }

    [Fact]
    public void Bench_reports_the_timm_style_fields_for_a_fixed_batch()
    {
        var (exit, stdout, stderr) = Ablate("bench", "--backbone", "resnet20", "--attention", "cbam", "--input", "16", "--classes", "10",
            "--batch", "4", "--steps", "2", "--warmup", "1", "--threads", "1", "--json");
        Assert.True(exit == 0, stderr);
        var r = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(4, r.GetProperty("batch").GetInt32());
        Assert.Equal("cbam", r.GetProperty("attention").GetString());
        foreach (var field in new[] { "train_ms_per_step", "infer_ms_per_batch", "train_img_s", "infer_img_s", "peak_mem_bytes" })
            Assert.True(r.GetProperty(field).GetDouble() > 0, field);
        Assert.Equal(4 * 1000 / r.GetProperty("train_ms_per_step").GetDouble(), r.GetProperty("train_img_s").GetDouble(), 6);
    }
}
