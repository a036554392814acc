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
        var dataset = new Option<string>("--dataset") { Description = "cifar10, cifar100, fashion-mnist, mnist or synthetic", Required = true };
        var dataRoot = new Option<string?>("--data-root") { Description = "the data set's directory (default: its usual place, see `ablate list datasets`)" };
        var dataOpt = new Option<string[]>("--dataset-opt") { Description = "a data set option k=v: labels=coarse (cifar100); train, test, image, channels, classes (synthetic)",
            AllowMultipleArgumentsPerToken = false };
        var preset = new Option<string?>("--preset") { Description = $"the recipe to start from: {string.Join(", ", Recipe.Presets.Keys)} (default: from the data set)" };
        var fields = Recipe.FieldNames.ToDictionary(f => f, f => new Option<string?>("--" + f.Replace('_', '-')) { Description = $"recipe field {f}" });
        var seed = new Option<long>("--seed") { Description = "the run's seed (model initialisation, data order, augmentation)", DefaultValueFactory = _ => 0 };
        var dataThreads = new Option<int>("--data-threads") { Description = "background threads preparing batches (results do not depend on it)", DefaultValueFactory = _ => 1 };
        var device = new Option<string>("--device") { Description = "cpu, cuda or cuda:N", DefaultValueFactory = _ => "cpu" };
        var output = new Option<string?>("--out") { Description = "output directory for checkpoints (default: results/train/<backbone>-<attention>-<dataset>-s<seed>)" };
        var resume = new Option<bool>("--resume") { Description = "continue from the output directory's checkpoint" };
        var json = new Option<bool>("--json") { Description = "print one JSON object (the final summary) on stdout and nothing else" };

        var command = new Command("train", "train one model on one data set and report its accuracy and cost");
        model.AddTo(command);
        foreach (var o in new Option[] { dataset, dataRoot, dataOpt, preset }) command.Options.Add(o);
        foreach (var o in fields.Values) command.Options.Add(o);
        foreach (var o in new Option[] { seed, dataThreads, device, output, resume, json }) command.Options.Add(o);

        command.SetAction(p =>
        {
            return CommandErrors.Guard(() =>
            {
                var dataSpec = new DatasetSpec(p.GetValue(dataset)!, p.GetValue(dataRoot),
                    KeyValues("--dataset-opt", p.GetValue(dataOpt)));
                var shape = DatasetCatalog.Shape(dataSpec);
                var recipe = Recipe.Preset(p.GetValue(preset) ?? DefaultPreset(dataSpec.Name));
                foreach (var (field, option) in fields)
                    if (p.GetValue(option) is { } value) recipe = recipe.Set(field, value);
                var spec = AdaptToData(model, p, dataSpec);
                model.ApplyThreads(p);
                int t = torch.get_num_threads();
                var dir = p.GetValue(output) ?? Path.Combine("results", "train",
                    $"{spec.Backbone}-{spec.Attention.Name}-{dataSpec.Name}-s{p.GetValue(seed)}");
                bool resuming = p.GetValue(resume);
                if (!resuming && Checkpoint.Exists(dir))
                    throw new ArgumentException($"--out {dir}: holds a checkpoint; pass --resume to continue it, or choose another --out");
                var options = new TrainerOptions
                {
                    Device = TorchRuntime.ParseDevice(p.GetValue(device)!),
                    DataThreads = Math.Max(0, p.GetValue(dataThreads)),
                    Resume = resuming,
                };
                var trainingModel = TrainingModel.FromSpec(spec);
                var report = new TrainProgressReport(p.GetValue(json));
                using var stop = StopOnSignal(CancellationToken.None);
                var result = report.Run(observer => new Trainer(trainingModel, dataSpec, recipe, p.GetValue(seed), dir, observer, options)
                        .Run(stop.Token),
                    $"{spec} on {dataSpec.Name}, {recipe.Epochs} epochs, seed {p.GetValue(seed)}, {t} threads -> {dir}");
                if (p.GetValue(json)) Console.WriteLine(Summary(spec.Backbone, spec.Attention.Name, spec.Placement, dataSpec.Name, result).ToJsonString());
                return result.Status == RunStatus.Done ? AblateCli.Ok : AblateCli.Failed;
            });
        });
        return command;
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
        ["train_img_s"] = r.TrainImagesPerSecond,
        ["infer_img_s"] = r.InferImagesPerSecond,
        ["peak_mem_bytes"] = r.PeakMemoryBytes,
        ["params"] = r.Params,
        ["macs"] = r.Macs,
        ["wall_s"] = r.WallSeconds,
    };
}
