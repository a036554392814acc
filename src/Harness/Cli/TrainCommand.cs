using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Ablation.Experiments.Data;
using Ablation.Experiments.Training;
using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace Ablation.Harness.Cli;

/// <summary>
/// `ablate train`: one run in this process (the body a sweep's workers run). Model options as every model
/// command takes them; the data set with its root and options; a recipe preset (by default the data set's)
/// with any field overridden by its own option (--lr 0.05, --augment random-crop-4,hflip, ...); a progress
/// bar per epoch on a terminal, one line per epoch otherwise; with --json one summary object on stdout.
/// Exit codes: 0 done, 1 failed or interrupted, 2 bad input.
/// </summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var model = new ModelOptions(withInput: false);
        var dataset = new Option<string>("--dataset") { Description = "cifar10, cifar100, fashion-mnist, mnist or synthetic; for a detector yolo or shapes", Required = true };
        var dataRoot = new Option<string?>("--data-root") { Description = "the data set's directory (default: its usual place, see `ablate list datasets`)" };
        var dataOpt = new Option<string[]>("--dataset-opt") { Description = "a data set option k=v: labels=coarse (cifar100); train, test, image, channels, classes (synthetic); count, val, image, classes, objects, seed (shapes)",
            AllowMultipleArgumentsPerToken = false };
        var preset = new Option<string?>("--preset") { Description = $"the recipe to start from: {string.Join(", ", Recipe.Presets.Keys)}; for detectors {string.Join(", ", DetectionRecipe.Presets.Keys)} (default: from the data set; for detectors the family's, yolov5 or yolox)" };
        var fields = Recipe.FieldNames.Concat(DetectionTrainRun.ExtraFields)
            .ToDictionary(f => f, f => new Option<string?>("--" + f.Replace('_', '-')) { Description = $"recipe field {f}" });
        var seed = new Option<long>("--seed") { Description = "the run's seed (model initialisation, data order, augmentation)", DefaultValueFactory = _ => 0 };
        var dataThreads = new Option<int>("--data-threads") { Description = "background threads preparing batches (results do not depend on it)", DefaultValueFactory = _ => 1 };
        var device = new Option<string>("--device") { Description = "cpu, cuda or cuda:N", DefaultValueFactory = _ => "cpu" };
        var output = new Option<string?>("--out") { Description = "output directory for checkpoints (default: results/train/<backbone>-<attention>-<dataset>-s<seed>)" };
        var resume = new Option<bool>("--resume") { Description = "continue from the output directory's checkpoint" };
        var json = new Option<bool>("--json") { Description = "print one JSON object (the final summary) on stdout and nothing else" };
        var benchSteps = new Option<int>("--bench-steps")
        {
            Description = "timed steps of the throughput benchmark at the end of the run (0: none; img/s is then from training wall time)",
            DefaultValueFactory = _ => new TrainerOptions().BenchmarkSteps,
        };

        var command = new Command("train", "train one model on one data set and report its accuracy and cost");
        model.AddTo(command);
        foreach (var o in new Option[] { dataset, dataRoot, dataOpt, preset }) command.Options.Add(o);
        foreach (var o in fields.Values) command.Options.Add(o);
        foreach (var o in new Option[] { seed, dataThreads, device, output, resume, json, benchSteps }) command.Options.Add(o);

        command.SetAction(p =>
        {
            return CommandErrors.Guard(() =>
            {
                var dataSpec = new DatasetSpec(p.GetValue(dataset)!, p.GetValue(dataRoot),
                    KeyValues("--dataset-opt", p.GetValue(dataOpt)));
                if (Ablation.Experiments.Detectors.DetectorRegistry.IsDetector(p.GetValue(model.Backbone) ?? ""))
                    return TrainDetector(p, model, dataSpec, preset, fields, seed, dataThreads, device, output, resume, json);
                var shape = DatasetCatalog.Shape(dataSpec);
                var recipe = Recipe.Preset(p.GetValue(preset) ?? DefaultPreset(dataSpec.Name));
                foreach (var (field, option) in fields)
                    if (p.GetValue(option) is { } value)
                        recipe = Recipe.FieldNames.Contains(field) ? recipe.Set(field, value)
                            : throw new ArgumentException($"--{field.Replace('_', '-')}: is a detection recipe field; {spec0(p)} is a classification backbone");
                var spec = AdaptToData(model, p, dataSpec);
                model.ApplyThreads(p);
                int t = torch.get_num_threads();
                bool resuming = p.GetValue(resume);
                var dir = OutputDirectory(p.GetValue(output), $"{spec.Backbone}-{spec.Attention.Name}-{dataSpec.Name}-s{p.GetValue(seed)}", resuming);
                var options = new TrainerOptions
                {
                    Device = TorchRuntime.ParseDevice(p.GetValue(device)!),
                    DataThreads = Math.Max(0, p.GetValue(dataThreads)),
                    Resume = resuming,
                    BenchmarkSteps = p.GetValue(benchSteps) >= 0 ? p.GetValue(benchSteps)
                        : throw new ArgumentException($"--bench-steps {p.GetValue(benchSteps)}: must be 0 (no benchmark) or more"),
                };
                var tensorBoard = new TensorBoardObserver(dir); // tensorboard --logdir <parent of --out>: one run per output directory
                var trainingModel = TrainingModel.FromSpec(spec);
                var report = new TrainProgressReport(p.GetValue(json));
                using var stop = StopOnSignal(CancellationToken.None);
                var result = report.Run(observer => new Trainer(trainingModel, dataSpec, recipe, p.GetValue(seed), dir,
                        new ObserverChain(tensorBoard, observer), options).Run(stop.Token),
                    $"{spec} on {dataSpec.Name}, {recipe.Epochs} epochs, seed {p.GetValue(seed)}, {t} threads -> {dir}");
                if (result.Benchmark is { } bench) tensorBoard.OnBenchmark(bench, result.EpochsDone);
                if (p.GetValue(json)) Console.WriteLine(Summary(spec.Backbone, spec.Attention.Name, spec.Placement, dataSpec.Name, result).ToJsonString());
                return result.Status == RunStatus.Done ? AblateCli.Ok : AblateCli.Failed;
            });
        });
        return command;
    }

    private static string spec0(ParseResult p) => p.GetValue<string>("--backbone") ?? "the backbone";

    /// <summary>
    /// --out, or results/train/<paramref name="defaultName"/>; one that holds a checkpoint is refused unless resuming,
    /// so a second train never overwrites the first.
    /// </summary>
    private static string OutputDirectory(string? given, string defaultName, bool resuming)
    {
        var dir = given ?? Path.Combine("results", "train", defaultName);
        if (!resuming && Checkpoint.Exists(dir))
            throw new ArgumentException($"--out {dir}: holds a checkpoint; pass --resume to continue it, or choose another --out");
        return dir;
    }

    private static int TrainDetector(ParseResult p, ModelOptions model, DatasetSpec dataSpec, Option<string?> preset,
        Dictionary<string, Option<string?>> fields, Option<long> seed, Option<int> dataThreads, Option<string> device,
        Option<string?> output, Option<bool> resume, Option<bool> json)
    {
        if (!DatasetCatalog.IsDetection(dataSpec.Name))
            throw new ArgumentException($"--dataset {dataSpec.Name}: {p.GetValue(model.Backbone)} is a detector; allowed: {string.Join(", ", DatasetCatalog.Names.Where(DatasetCatalog.IsDetection))}");
        DatasetCatalog.Validate(dataSpec);
        var recipe = DetectionTrainRun.BuildRecipe(p.GetValue(preset), p.GetValue(model.Backbone)!,
            fields.Where(f => p.GetValue(f.Value) is not null).Select(f => (f.Key, p.GetValue(f.Value)!)));
        var classes = Ablation.Experiments.Data.Detection.DetectionDatasets.Classes(dataSpec);
        var spec = DetectionTrainRun.BuildSpec(model, p, classes, recipe.ImgSize);
        model.ApplyThreads(p);
        int t = torch.get_num_threads();
        bool resuming = p.GetValue(resume);
        var dir = OutputDirectory(p.GetValue(output), $"{spec.Detector}-{spec.Attention.Name}-{dataSpec.Name}-s{p.GetValue(seed)}", resuming);
        var options = new TrainerOptions
        {
            Device = TorchRuntime.ParseDevice(p.GetValue(device)!),
            DataThreads = Math.Max(0, p.GetValue(dataThreads)),
            Resume = resuming,
        };
        var data = Ablation.Experiments.Data.Detection.DetectionDatasets.Load(dataSpec);
        var report = new TrainProgressReport(p.GetValue(json));
        using var stop = StopOnSignal(CancellationToken.None);
        var tensorBoard = new TensorBoardObserver(dir); // as for classification: one TensorBoard run per output directory
        var result = report.Run(observer => new DetectionTrainer(spec, dataSpec, recipe, p.GetValue(seed), dir,
                new ObserverChain(tensorBoard, observer), options, data).Run(stop.Token),
            $"{spec} on {dataSpec}, {recipe.Epochs} epochs at {recipe.ImgSize} px, batch {recipe.Batch} (accumulate {recipe.Accumulate}), seed {p.GetValue(seed)}, {t} threads -> {dir}");
        if (p.GetValue(json)) Console.WriteLine(DetectionTrainRun.Summary(spec, dataSpec.Name, result).ToJsonString());
        return result.Status == RunStatus.Done ? AblateCli.Ok : AblateCli.Failed;
    }

    /// <summary>
    /// The model spec with the data set's input: its channels and image size always (a different --in-channels
    /// is an error), its classes unless --classes says otherwise.
    /// </summary>
    private static Experiments.Backbones.ModelSpec AdaptToData(ModelOptions model, ParseResult p, DatasetSpec data)
    {
        var (channels, image, classes) = DatasetCatalog.Shape(data);
        if (p.GetResult(model.InChannels) is { Implicit: false } && p.GetValue(model.InChannels) != channels)
            throw new ArgumentException($"--in-channels {p.GetValue(model.InChannels)}: dataset {data.Name} has {channels}-channel images");
        var adapted = TrainingModel.AdaptTo(model.Bind(p, imageSize: image), data);
        return p.GetResult(model.Classes) is { Implicit: false } ? adapted with { Classes = p.GetValue(model.Classes)!.Value } : adapted;
    }

    /// <summary>k=v pairs of a repeatable option; a malformed one is an ArgumentException naming the option.</summary>
    public static IReadOnlyDictionary<string, string> KeyValues(string option, string[]? pairs)
    {
        var result = new Dictionary<string, string>();
        foreach (var pair in (pairs ?? Array.Empty<string>()).SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries)))
        {
            int eq = pair.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"{option} '{pair}': allowed: key=value");
            result[pair[..eq].Trim()] = pair[(eq + 1)..].Trim();
        }
        return result;
    }

    /// <summary>
    /// Ctrl+C or SIGTERM ask the run to stop after its current step (it is then interrupted, its last checkpoint
    /// kept, and --resume continues it); a second signal ends the process at once.
    /// </summary>
    private sealed class SignalStop : IDisposable
    {
        private readonly CancellationTokenSource source;
        private readonly PosixSignalRegistration[] registrations;
        private int signals;

        public SignalStop(CancellationToken outer)
        {
            source = CancellationTokenSource.CreateLinkedTokenSource(outer);
            registrations = new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM }.Select(s => PosixSignalRegistration.Create(s, c =>
            {
                if (Interlocked.Increment(ref signals) > 1) return; // the default: end now
                c.Cancel = true;
                Console.Error.WriteLine("stopping after this step (the last checkpoint stays; a second signal stops at once)");
                source.Cancel();
            })).ToArray();
        }

        public CancellationToken Token => source.Token;

        public void Dispose()
        {
            foreach (var r in registrations) r.Dispose();
            source.Dispose();
        }
    }

    private static SignalStop StopOnSignal(CancellationToken outer) => new(outer);

    /// <summary>The recipe a data set trains with unless told otherwise.</summary>
    public static string DefaultPreset(string dataset) => dataset switch
    {
        "cifar10" or "cifar100" => "cifar",
        "fashion-mnist" or "mnist" => "fashion-mnist",
        _ => "smoke",
    };

    /// <summary>The --json object of DESIGN.md section 5 (accuracies as fractions), plus what the run was.</summary>
    public static JsonObject Summary(string backbone, string attention, string placement, string dataset, RunResult r) => new()
    {
        ["backbone"] = backbone,
        ["attention"] = attention,
        ["placement"] = placement,
        ["dataset"] = dataset,
        ["status"] = r.Status.ToString().ToLowerInvariant(),
        ["error"] = r.Error,
        ["top1"] = r.Top1,
        ["top5"] = r.Top5,
        ["best_top1"] = r.BestTop1,
        ["epochs"] = r.EpochsDone,
        ["train_img_s"] = r.Benchmark?.TrainImgS ?? r.TrainImagesPerSecond,
        ["infer_img_s"] = r.Benchmark?.InferImgS ?? r.InferImagesPerSecond,
        ["throughput_method"] = r.Benchmark is null ? "wall" : "bench",
        ["wall_train_img_s"] = r.TrainImagesPerSecond, // training images over training time, for comparison
        ["load_avg"] = r.Benchmark?.LoadAvg,
        ["bench_batch"] = r.Benchmark?.Batch,
        ["bench_steps"] = r.Benchmark?.Steps,
        ["bench_threads"] = r.Benchmark?.Threads,
        ["peak_mem_bytes"] = r.PeakMemoryBytes,
        ["params"] = r.Params,
        ["macs"] = r.Macs,
        ["wall_s"] = r.WallSeconds,
    };
}
