using System.Text.Json.Nodes;
using Xunit;

namespace Ablation.Harness.Tests;

/// <summary>`ablate plan` on a matrix of detectors: the detection recipe, detector placements, bad values as one line each.</summary>
public sealed class DetectionPlanTests : IDisposable
{
    private readonly TestFiles _files = new();

    [Fact]
    public void A_detector_matrix_plans_with_the_detection_recipe_and_costs_at_img_size()
    {
        var matrix = _files.Write("d.yaml", """
            name: det
            dataset: { name: shapes, count: 8, val: 4, image: 64 }
            recipe: { preset: yolov5-small, epochs: 1, img_size: 64 }
            axes: { backbone: [yolov5n], attention: [none, eca], placement: [backbone-end, neck-in], seed: [0] }
            """);
        var r = Ablate.Run(_files.Root, null, TimeSpan.FromSeconds(120), "plan", matrix, "--json", "--results", _files.PathOf("results"));
        Assert.True(r.ExitCode == 0, r.ToString());
        var runs = JsonNode.Parse(r.Stdout)!["runs"]!.AsArray();
        Assert.Equal(3, runs.Count);
        long Macs(string placement) => runs.Where(x => (string)x!["placement"]! == placement).Select(x => (long)x!["macs"]!).Single();
        // yolov5n at 64 px is about 1/100 of its 2.2 GMACs at 640; neck-in has three ECA sites, backbone-end one.
        Assert.InRange(Macs("none"), 15_000_000, 30_000_000);
        Assert.True(Macs("neck-in") > Macs("backbone-end") && Macs("backbone-end") > Macs("none"));
    }

    /// <summary>Without a preset, a matrix of YOLOX detectors only takes YOLOX's recipe; one that mixes families, YOLOv5's.</summary>
    [Theory]
    [InlineData("[yolox-s]", "yolox", 0.9)]
    [InlineData("[yolox-s, yolov5n]", "linear", 0.937)]
    public void Without_a_preset_the_detectors_family_gives_the_recipe(string backbones, string schedule, double momentum)
    {
        var matrix = _files.Write("x.yaml", $$"""
            name: x
            dataset: { name: shapes, count: 8, val: 4, image: 64 }
            recipe: { epochs: 1, img_size: 64 }
            axes: { backbone: {{backbones}}, attention: [none], placement: [backbone-end], seed: [0] }
            """);
        var r = Ablate.Run(_files.Root, null, TimeSpan.FromSeconds(120), "plan", matrix, "--json", "--results", _files.PathOf("results"));
        Assert.True(r.ExitCode == 0, r.ToString());
        foreach (var run in JsonNode.Parse(r.Stdout)!["runs"]!.AsArray())
        {
            Assert.Equal(schedule, (string)run!["recipe"]!["schedule"]!);
            Assert.Equal(momentum, (double)run!["recipe"]!["momentum"]!);
            Assert.Equal(64, (int)run!["recipe"]!["img_size"]!);
        }
    }

    [Fact]
    public void A_detector_sweep_prints_map_after_evaluations_and_no_top1_at_all()
    {
        var matrix = _files.Write("s.yaml", """
            name: det-sweep
            dataset: { name: shapes, count: 8, val: 4, image: 64 }
            recipe: { preset: yolov5-small, epochs: 2, img_size: 64, batch: 4, eval_interval: 2, close_mosaic: 1 }
            axes: { backbone: [yolov5n], attention: [none], seed: [0] }
            """);
        var r = Ablate.Run(_files.Root, null, TimeSpan.FromSeconds(300), "run", matrix, "--results", _files.PathOf("results"), "--threads", "1");
        Assert.True(r.ExitCode == 0, r.ToString());
        var epochs = r.Stdout.Split('\n').Where(l => l.Contains("epoch ") && l.Contains(": loss")).ToList();
        Assert.Equal(2, epochs.Count);
        Assert.Contains("–", epochs[0]);      // epoch 1: not evaluated, no score
        Assert.Matches(@"mAP \d+\.\d %", epochs[1]); // epoch 2: evaluated
        Assert.DoesNotContain("top1", r.Stdout);
    }

    [Fact]
    public void Bad_detection_values_are_one_line_each_and_exit_2()
    {
        var matrix = _files.Write("bad.yaml", """
            name: bad
            dataset: { name: shapes, count: 8, val: 4, image: 64 }
            recipe: { preset: yolov5-small, img_size: 100 }
            axes: { backbone: [yolov5n], attention: [eca], placement: [backbone-end], seed: [0] }
            """);
        var r = Ablate.Run(_files.Root, null, TimeSpan.FromSeconds(120), "plan", matrix, "--results", _files.PathOf("results"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("bad.yaml:3:", r.Stderr);
        Assert.Contains("recipe.img_size", r.Stderr);
        Assert.Contains("multiple of 32", r.Stderr);
    }

    public void Dispose() => _files.Dispose();
}
