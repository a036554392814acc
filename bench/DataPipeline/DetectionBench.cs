using System.Diagnostics;
using System.Text.Json.Nodes;
using Ablation.Experiments.Data;
using Ablation.Experiments.Data.Detection;
using Ablation.Experiments.Training.Detection;

namespace Ablation.Bench.DataPipeline;

/// <summary>
/// The detection side (`-- detection`): (a) images per CPU-second and per wall-second of the detection batch
/// pipeline with YOLOv5's augmentation (mosaic, affine, HSV, flip) and without (letterbox only), on the
/// synthetic shapes set, inline and with N threads; (b) the time of a COCO-sized bbox evaluation (5,000
/// images, 80 categories, ~7 objects and 100 detections per image), evaluate + accumulate + summarise.
/// No peer: OpenCV and pycocotools are not installed here.
/// usage: dotnet run -c Release --project bench/DataPipeline -- detection [--images N] [--size S] [--threads N] [--eval-images N]
/// </summary>
public static class DetectionBench
{
    public static int Run(string[] args)
    {
        int images = Program.Arg(args, "--images", 256), size = Program.Arg(args, "--size", 320), threads = Program.Arg(args, "--threads", 2);
        int evalImages = Program.Arg(args, "--eval-images", 5000);
        var set = new SyntheticDetectionSet(new SyntheticDetectionOptions(Count: images, ImageSize: 128));
        var result = new JsonObject { ["set"] = $"synthetic shapes, {images} images of 128 px, to img_size {size}, batch 16" };
        foreach (var (name, aug) in new[] { ("yolov5_augment", DetectionAugmentation.YoloV5), ("letterbox_only", DetectionAugmentation.None) })
        foreach (var t in new[] { 0, threads })
        {
            var pipeline = new DetectionBatchPipeline(set, size, aug, 16, shuffle: true, seed: 1, epochs: 100, threads: t);
            Epoch(pipeline, 99); // warm-up (JIT, Skia, pool); epoch 99 is past close_mosaic, so also warm the mosaic path:
            Epoch(pipeline, 0);
            var process = Process.GetCurrentProcess();
            var cpu0 = process.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            long n = Epoch(pipeline, 1) + Epoch(pipeline, 2);
            wall.Stop();
            process.Refresh();
            double cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
            result[$"{name}_{(t == 0 ? "inline" : $"threads_{t}")}"] = new JsonObject
            {
                ["images"] = n, ["wall_s"] = wall.Elapsed.TotalSeconds, ["cpu_s"] = cpu,
                ["img_s"] = n / wall.Elapsed.TotalSeconds, ["img_per_cpu_s"] = n / cpu,
            };
        }
        result["coco_eval"] = CocoEvalTiming(evalImages);
        Console.WriteLine(result.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }

    private static long Epoch(DetectionBatchPipeline pipeline, int epoch)
    {
        long n = 0;
        foreach (var b in pipeline.HostBatches(epoch))
        {
            n += b.Count;
            pipeline.Recycle(b);
        }
        return n;
    }

    private static JsonObject CocoEvalTiming(int imageCount)
    {
        var rng = SampleRandom.For(42);
        var images = Enumerable.Range(1, imageCount).Select(i => new CocoImage(i, $"{i}.jpg", 640, 480)).ToList();
        var categories = Enumerable.Range(1, 80).Select(c => new CocoCategory(c, $"c{c}")).ToList();
        var annotations = new List<CocoAnnotation>();
        var detections = new List<CocoDetection>();
        foreach (var image in images)
        {
            int objects = 1 + rng.Next(13);
            for (int o = 0; o < objects; o++)
            {
                double w = 5 + rng.NextDouble() * 200, h = 5 + rng.NextDouble() * 200;
                var box = new CocoBox(rng.NextDouble() * (640 - w), rng.NextDouble() * (480 - h), w, h);
                int cat = 1 + rng.Next(80);
                annotations.Add(new CocoAnnotation(annotations.Count + 1, image.Id, cat, box, box.Area * (0.5 + 0.5 * rng.NextDouble()), rng.Next(100) == 0));
                detections.Add(new CocoDetection(image.Id, cat, box with { X = box.X + (rng.NextDouble() - 0.5) * 0.2 * w }, rng.NextDouble()));
            }
            for (int d = objects; d < 100; d++)
            {
                double w = 5 + rng.NextDouble() * 200, h = 5 + rng.NextDouble() * 200;
                detections.Add(new CocoDetection(image.Id, 1 + rng.Next(80), new CocoBox(rng.NextDouble() * 400, rng.NextDouble() * 300, w, h), rng.NextDouble() * 0.5));
            }
        }
        var truth = CocoGroundTruth.Create(images, categories, annotations);
        var wall = Stopwatch.StartNew();
        var metrics = new CocoEvaluator().Evaluate(truth, detections).Summarize();
        wall.Stop();
        return new JsonObject
        {
            ["images"] = imageCount, ["annotations"] = annotations.Count, ["detections"] = detections.Count,
            ["wall_s"] = wall.Elapsed.TotalSeconds, ["map"] = metrics.Map,
        };
    }
}
