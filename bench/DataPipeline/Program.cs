using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ablation.Experiments.Data;
using TorchSharp;

namespace Ablation.Bench.DataPipeline;

/// <summary>
/// Images per CPU-second of the C# data pipeline (CIFAR-shaped 32x32x3 uint8, random-crop-4 + hflip +
/// normalise, batches of 128 copied into one float tensor each) against torchvision transforms in a
/// DataLoader (bench/peers/data_pipeline_torchvision.py), both timed in this run. CPU time rather than wall
/// time is the per-core measure: the machine is shared, and CPU time does not count the waits.
/// usage: dotnet run -c Release --project bench/DataPipeline [-- --images N --epochs N --threads N --json]
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.FirstOrDefault() == "detection") return DetectionBench.Run(args[1..]);
        int images = Arg(args, "--images", 10000), epochs = Arg(args, "--epochs", 5), threads = Arg(args, "--threads", 1);
        bool json = args.Contains("--json");
        torch.set_num_threads(1);

        var rng = SampleRandom.For(0);
        var pixels = new byte[images * 3072];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)rng.Next(256);
        var labels = Enumerable.Range(0, images).Select(i => i % 10).ToArray();
        var set = new ImageSet(pixels, labels, 3, 32, 32);
        var mean = new[] { 0.4914f, 0.4822f, 0.4465f };
        var std = new[] { 0.2470f, 0.2435f, 0.2616f };

        var ours = new JsonObject();
        foreach (var t in new[] { 0, threads })
        {
            var pipeline = new BatchPipeline(set, mean, std, Augmentation.Standard, 128, shuffle: true, seed: 1, threads: t);
            for (int w = 0; w < 3; w++) Run(pipeline, -1 - w); // warm-up: tiered JIT reaches its optimised code, buffer pool fills
            var process = Process.GetCurrentProcess();
            var cpu0 = process.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            long n = 0;
            for (int e = 1; e <= epochs; e++) n += Run(pipeline, e);
            wall.Stop();
            process.Refresh();
            double cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
            ours[t == 0 ? "inline" : $"threads_{t}"] = new JsonObject
            {
                ["images"] = n, ["wall_s"] = wall.Elapsed.TotalSeconds, ["cpu_s"] = cpu,
                ["img_s"] = n / wall.Elapsed.TotalSeconds, ["img_per_cpu_s"] = n / cpu,
            };
        }

        var peer = RunPeer(Math.Min(images, 10000));
        double oursPerCpu = ours["inline"]!["img_per_cpu_s"]!.GetValue<double>();
        double peerPerCpu = peer["img_per_cpu_s"]!.GetValue<double>();
        var result = new JsonObject
        {
            ["shape"] = "3x32x32 uint8, batch 128, random-crop-4 + hflip + normalise",
            ["ours"] = ours,
            ["torchvision"] = peer,
            ["per_core_ratio"] = oursPerCpu / peerPerCpu,
        };
        var options = new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        if (json) Console.WriteLine(result.ToJsonString(options));
        else
        {
            Console.WriteLine(result.ToJsonString(new JsonSerializerOptions(options) { WriteIndented = true }));
            Console.WriteLine($"per-core throughput: ours {oursPerCpu:F0} img/CPU-s, torchvision {peerPerCpu:F0} img/CPU-s, ratio {oursPerCpu / peerPerCpu:F1}x (target >= 10x)");
        }
        return 0;
    }

    private static long Run(BatchPipeline pipeline, int epoch)
    {
        long n = 0;
        foreach (var host in pipeline.HostBatches(epoch))
        {
            using (var scope = torch.NewDisposeScope())
            {
                var batch = pipeline.ToTensors(host);
                n += batch.Count;
            }
            pipeline.Recycle(host);
        }
        return n;
    }

    private static JsonObject RunPeer(int images)
    {
        var script = Path.Combine(FindBench(), "peers", "data_pipeline_torchvision.py");
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add("--images");
        info.ArgumentList.Add(images.ToString());
        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{script} failed: {err.Result}");
        return JsonNode.Parse(output)!.AsObject();
    }

    private static string FindBench()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "bench", "peers"))) return Path.Combine(dir.FullName, "bench");
        throw new DirectoryNotFoundException("bench/peers not found");
    }

    internal static int Arg(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
    }
}
