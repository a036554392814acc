using System.Text.Json;
using Ablation.Experiments.Training;
using Ablation.Reports.TensorBoard;
using Xunit;

namespace Ablation.Harness.Tests.Cli;

/// <summary>
/// `ablate train` writes its event files into its --out directory (one TensorBoard run per output directory)
/// and reports the end-of-run benchmark's throughput; read back with the project's own event-file reader.
/// </summary>
public sealed class TrainTensorBoardTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static readonly string[] Tiny =
    [
        "train", "--backbone", "resnet20", "--attention", "eca", "--dataset", "synthetic",
        "--dataset-opt", "train=48,test=24,image=8,classes=3", "--batch", "16", "--threads", "1", "--epochs", "2",
        "--bench-steps", "2", "--json",
    ];

    [Fact]
    public void Train_writes_one_point_per_epoch_and_the_benchmark_and_a_resume_of_a_finished_run_adds_none()
    {
        var outDir = _files.PathOf("runs/resnet20-eca");
        var r = Ablate.Run(_files.Root, null, TimeSpan.FromSeconds(180), [.. Tiny, "--out", outDir]);
        Assert.True(r.ExitCode == 0, r.ToString());
        var summary = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.Equal("bench", summary.GetProperty("throughput_method").GetString());
        Assert.Equal(16, summary.GetProperty("bench_batch").GetInt32());
        Assert.Equal(2, summary.GetProperty("bench_steps").GetInt32());
        Assert.Equal(1, summary.GetProperty("bench_threads").GetInt32());
        Assert.True(summary.GetProperty("load_avg").GetDouble() >= 0);

        var points = EventFileReader.ScalarsIn(outDir);
        foreach (var tag in new[] { "train/loss", "train/top1", "test/loss", "test/top1", "test/top5", "lr", "train/img_s" })
            Assert.Equal([1L, 2L], points.Where(p => p.Tag == tag).Select(p => p.Step).ToArray());
        var top1 = points.Single(p => p.Tag == "test/top1" && p.Step == 2).Value;
        Assert.Equal((float)summary.GetProperty("top1").GetDouble(), (float)top1);
        Assert.Equal((float)summary.GetProperty("train_img_s").GetDouble(),
            (float)Assert.Single(points, p => p.Tag == TensorBoardObserver.Tags.BenchTrainImgS).Value);
        Assert.Equal((float)summary.GetProperty("infer_img_s").GetDouble(),
            (float)Assert.Single(points, p => p.Tag == TensorBoardObserver.Tags.BenchInferImgS).Value);

        var again = Ablate.Run(_files.Root, null, TimeSpan.FromSeconds(180), [.. Tiny, "--out", outDir, "--resume"]);
        Assert.True(again.ExitCode == 0, again.ToString());
        var after = EventFileReader.ScalarsIn(outDir);
        Assert.Equal(points.Select(p => (p.Tag, p.Step, p.Value)), after.Select(p => (p.Tag, p.Step, p.Value)));
    }

    [Fact]
    public void Without_a_benchmark_the_throughput_is_said_to_be_wall_time()
    {
        var outDir = _files.PathOf("runs/nobench");
        var args = Tiny.ToList();
        args[args.IndexOf("--bench-steps") + 1] = "0";
        args[args.IndexOf("--epochs") + 1] = "1";
        var r = Ablate.Run(_files.Root, null, TimeSpan.FromSeconds(180), [.. args, "--out", outDir]);
        Assert.True(r.ExitCode == 0, r.ToString());
        var summary = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.Equal("wall", summary.GetProperty("throughput_method").GetString());
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("bench_steps").ValueKind);
        Assert.DoesNotContain(EventFileReader.ScalarsIn(outDir), p => p.Tag.StartsWith("bench/"));
    }

    [Fact]
    public void A_negative_bench_steps_is_bad_input()
    {
        var args = Tiny.ToList();
        args[args.IndexOf("--bench-steps") + 1] = "-1";
        var r = Ablate.Run(_files.Root, null, TimeSpan.FromSeconds(60), [.. args, "--out", _files.PathOf("runs/bad")]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--bench-steps -1: must be 0 (no benchmark) or more", r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }
}
