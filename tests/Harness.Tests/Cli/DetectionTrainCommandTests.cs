using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace Ablation.Harness.Tests.Cli;

/// <summary>`ablate train` and `ablate profile` on a detector, run as a user runs them (a separate process).</summary>
public class DetectionTrainCommandTests
{
    private static (int Exit, string Out, string Err) Ablate(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ablate.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, err.Result);
    }

    [Fact]
    public void Train_on_shapes_prints_map_and_cost_and_writes_coco_files()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ablate-dettrain-" + Guid.NewGuid().ToString("N")[..8]);
        var (exit, stdout, stderr) = Ablate("train", "--backbone", "yolov5n", "--attention", "eca", "--dataset", "shapes",
            "--dataset-opt", "count=8,val=4,image=64", "--epochs", "1", "--batch", "4", "--img-size", "64", "--threads", "1",
            "--out", dir, "--json");
        Assert.True(exit == 0, stderr);
        var r = JsonDocument.Parse(stdout).RootElement;
        foreach (var field in new[] { "map", "map50", "map75", "params", "macs", "train_img_s", "infer_img_s", "peak_mem_bytes", "wall_s", "per_class" })
            Assert.True(r.TryGetProperty(field, out _), $"missing {field}");
        Assert.InRange(r.GetProperty("map50").GetDouble(), 0, 1);
        Assert.Equal("backbone-end", r.GetProperty("placement").GetString());
        Assert.Equal(64, r.GetProperty("img_size").GetInt32());
        Assert.True(File.Exists(Path.Combine(dir, "val_labels.json")));
        Assert.True(File.Exists(Path.Combine(dir, "val_detections.json")));
        // TensorBoard: the val mAP series with the printed values, no classification accuracy.
        var points = Ablation.Reports.TensorBoard.EventFileReader.ScalarsIn(dir);
        foreach (var (tag, field) in new[] { ("val/map", "map"), ("val/map50", "map50"), ("val/map75", "map75") })
            Assert.Equal((float)r.GetProperty(field).GetDouble(), (float)points.Single(p => p.Tag == tag && p.Step == 1).Value);
        Assert.DoesNotContain(points, p => p.Tag.EndsWith("top1") || p.Tag.EndsWith("top5"));
        Assert.Contains(points, p => p.Tag == "train/loss");
        // Without --resume the same --out is refused, and nothing in it changes.
        var before = File.ReadAllText(Path.Combine(dir, "val_detections.json"));
        var (exitNo, stdoutNo, stderrNo) = Ablate("train", "--backbone", "yolov5n", "--dataset", "shapes",
            "--dataset-opt", "count=8,val=4,image=64", "--epochs", "1", "--batch", "4", "--img-size", "64", "--out", dir);
        Assert.Equal(2, exitNo);
        Assert.Equal($"--out {dir}: holds a checkpoint; pass --resume to continue it, or choose another --out", stderrNo.Trim());
        Assert.Equal(before, File.ReadAllText(Path.Combine(dir, "val_detections.json")));
        // Resumed once more (a worker killed after its last checkpoint): it says so, and keeps map and per-class AP.
        var (exit2, stdout2, stderr2) = Ablate("train", "--backbone", "yolov5n", "--attention", "eca", "--dataset", "shapes",
            "--dataset-opt", "count=8,val=4,image=64", "--epochs", "1", "--batch", "4", "--img-size", "64", "--threads", "1",
            "--out", dir, "--json", "--resume");
        Assert.True(exit2 == 0, stderr2);
        Assert.Contains("all 1 epochs in the checkpoint: finishing from it", stderr2 + stdout2);
        var again = JsonDocument.Parse(stdout2).RootElement;
        Assert.Equal(r.GetProperty("map").GetDouble(), again.GetProperty("map").GetDouble());
        Assert.Equal(r.GetProperty("per_class").GetRawText(), again.GetProperty("per_class").GetRawText());
        Directory.Delete(dir, true);
    }

    [Theory]
    [InlineData("--img-size", "100", "recipe: field 'img_size' is '100', allowed: a positive multiple of 32 (the largest stride)")]
    [InlineData("--label-smoothing", "0.1", "--label-smoothing: is a classification recipe field")]
    [InlineData("--placement", "nowhere", "nowhere")]
    public void Bad_detection_input_is_one_line_and_exit_2(string option, string value, string message)
    {
        var (exit, stdout, stderr) = Ablate("train", "--backbone", "yolov5n", "--dataset", "shapes", option, value, "--out",
            Path.Combine(Path.GetTempPath(), "never-" + Guid.NewGuid().ToString("N")[..8]));
        Assert.Equal(2, exit);
        Assert.Contains(message, stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Equal("", stdout.Trim());
    }

    [Fact]
    public void A_detector_on_a_classification_set_is_refused()
    {
        var (exit, _, stderr) = Ablate("train", "--backbone", "yolov5n", "--dataset", "synthetic");
        Assert.Equal(2, exit);
        Assert.Contains("yolov5n is a detector; allowed: yolo, shapes", stderr);
    }

    [Fact]
    public void Profile_prints_the_layer_table_with_the_inserted_modules()
    {
        var (exit, stdout, stderr) = Ablate("profile", "--backbone", "yolov5n", "--attention", "cbam", "--placement", "neck-in", "--json");
        Assert.True(exit == 0, stderr);
        var r = JsonDocument.Parse(stdout).RootElement;
        var withAttention = r.GetProperty("layers").EnumerateArray().Where(l => l.GetProperty("attention").GetString() != "")
            .Select(l => l.GetProperty("index").GetInt32()).ToArray();
        Assert.Equal(new[] { 4, 6, 9 }, withAttention);
        Assert.Equal(640, r.GetProperty("input").GetInt32());
    }
}
