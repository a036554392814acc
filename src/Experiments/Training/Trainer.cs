using System.Diagnostics;
using System.Text.Json.Nodes;
using Ablation.Experiments.Data;
using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using Module = TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>;

namespace Ablation.Experiments.Training;

/// <summary>
/// Trains one run: a model on a data set with a recipe and a seed, into an output directory. Every step runs
/// in its own memory scope; evaluation runs in inference mode; a checkpoint is written after every epoch
/// (<see cref="Checkpoint"/>) and a run resumes from it with exactly the result of an uninterrupted run on
/// CPU with the same thread count. A NaN or infinite loss stops the run as failed, naming epoch and step.
/// </summary>
public sealed partial class Trainer
{
    private readonly TrainingModel model;
    private readonly DatasetSpec datasetSpec;
    private readonly Recipe recipe;
    private readonly long seed;
    private readonly string outputDirectory;
    private readonly ITrainingObserver observer;
    private readonly TrainerOptions options;

    public Trainer(TrainingModel model, DatasetSpec dataset, Recipe recipe, long seed, string outputDirectory,
        ITrainingObserver? observer = null, TrainerOptions? options = null)
    {
        this.model = model;
        datasetSpec = dataset;
        this.recipe = recipe.Validate();
        this.seed = seed;
        this.outputDirectory = outputDirectory;
        this.observer = observer ?? new NullObserver();
        this.options = options ?? new TrainerOptions();
    }

    private sealed class NullObserver : ITrainingObserver { }

    /// <summary>The configuration a checkpoint must match to be resumed.</summary>
    private JsonObject Config() => new()
    {
        ["model"] = model.Description,
        ["dataset"] = datasetSpec.ToString(),
        ["recipe"] = recipe.ToJsonObject(),
        ["seed"] = seed,
    };

    /// <summary>libtorch's generator for an epoch: a pure function of (seed, epoch), so resuming needs no RNG state.</summary>
    private long EpochSeed(int epoch) => (long)(SampleRandom.For((ulong)seed, (ulong)epoch, 0x7012C4).NextUInt64() >> 1);

    public RunResult Run(CancellationToken cancellation = default)
    {
        var wall = Stopwatch.StartNew();
        var data = options.Data ?? DatasetCatalog.Load(datasetSpec);
        var trainData = BatchPipeline.ForTraining(data, recipe.Augmentation, recipe.Batch, (ulong)seed, options.DataThreads);
        var evalData = BatchPipeline.ForEvaluation(data, options.EvalBatch, options.DataThreads);
        int steps = trainData.BatchCount;
        if (steps == 0)
            throw new ArgumentException($"recipe: batch {recipe.Batch} is larger than the {data.Train.Count} training images of {datasetSpec.Name}");

        torch.manual_seed(seed);
        using var net = model.Create(options.Device);
        long parameters = net.parameters().Sum(p => p.numel());
        using var optimizer = TrainingOptimizer.Create(net, recipe);

        var config = Config();
        var state = new Checkpoint.State { Config = config };
        if (options.Resume && Checkpoint.Exists(outputDirectory))
        {
            var (saved, tensors) = Checkpoint.Load(outputDirectory, options.Device);
            try
            {
                if (!JsonNode.DeepEquals(saved.Config, config))
                    throw new InvalidOperationException(
                        $"{Path.Combine(outputDirectory, Checkpoint.SidecarName)}: the checkpoint is of another run ({Differences(saved.Config, config)}); use another output directory or start over without resume");
                Checkpoint.LoadModel(outputDirectory, net, Checkpoint.Prefixed(tensors, "model."));
                optimizer.LoadState(Checkpoint.Prefixed(tensors, "optimizer."));
            }
            finally
            {
                foreach (var t in tensors.Values) t.Dispose();
            }
            state = saved;
        }

        int firstEpoch = state.Epoch + 1;
        observer.OnStart(new RunInfo(firstEpoch, recipe.Epochs, steps, trainData.ImageCount, data.Test.Count, parameters,
            model.Macs, TorchRuntime.Name(options.Device), torch.get_num_threads()));
        MemoryMeter.ResetPeak(options.Device);
        double priorWall = state.WallSeconds;
        string? error = null;
        var status = RunStatus.Done;
        int epochsThisProcess = 0;

        for (int epoch = firstEpoch; epoch <= recipe.Epochs; epoch++)
        {
            if (cancellation.IsCancellationRequested || options.StopAfterEpochs is { } stop && epochsThisProcess >= stop)
            {
                status = RunStatus.Interrupted;
                break;
            }
            var epochClock = Stopwatch.StartNew();
            torch.manual_seed(EpochSeed(epoch));
            var (train, failure) = TrainEpoch(net, optimizer, trainData, epoch, steps, state.GlobalStep, cancellation);
            if (failure is not null)
            {
                (status, error) = failure.Value;
                break;
            }
            (double Loss, double Top1, double Top5, double Seconds)? eval = null;
            if (recipe.EvaluatesAfter(epoch))
            {
                observer.OnEvaluate(epoch);
                eval = Evaluate(net, evalData);
            }
            var result = new EpochResult(epoch, train.Lr, train.Loss, train.Top1, eval?.Loss, eval?.Top1, eval?.Top5,
                epochClock.Elapsed.TotalSeconds, train.Images / train.Seconds);
            state = state with
            {
                Epoch = epoch,
                GlobalStep = state.GlobalStep + steps,
                Epochs = state.Epochs.Append(result).ToList(),
                WallSeconds = priorWall + wall.Elapsed.TotalSeconds,
                TrainSeconds = state.TrainSeconds + train.Seconds,
                TrainImages = state.TrainImages + train.Images,
                EvalSeconds = state.EvalSeconds + (eval?.Seconds ?? 0),
                EvalImages = state.EvalImages + (eval is null ? 0 : data.Test.Count),
            };
            state = state.WithPeakMemory(options.Device);
            SaveCheckpoint(net, optimizer, state);
            epochsThisProcess++;
            observer.OnEpoch(result);
        }

        var final = state.WithPeakMemory(options.Device); // the benchmark's memory is not the run's
        double wallSeconds = priorWall + wall.Elapsed.TotalSeconds; // training, without the benchmark
        var benchmark = status == RunStatus.Done && options.BenchmarkSteps > 0 ? Benchmark(net, data) : null;
        var evaluated = state.Epochs.Where(e => e.TestTop1 is not null).ToList();
        var last = evaluated.LastOrDefault();
        return new RunResult
        {
            Status = status,
            Error = error,
            Top1 = last?.TestTop1,
            Top5 = last?.TestTop5,
            BestTop1 = evaluated.Count > 0 ? evaluated.Max(e => e.TestTop1) : null,
            BestTop5 = evaluated.Count > 0 ? evaluated.Max(e => e.TestTop5) : null,
            EpochsDone = state.Epoch,
            TrainImagesPerSecond = state.TrainSeconds > 0 ? state.TrainImages / state.TrainSeconds : 0,
            InferImagesPerSecond = state.EvalSeconds > 0 ? state.EvalImages / state.EvalSeconds : 0,
            PeakMemoryBytes = final.PeakMemoryBytes,
            PeakMemorySource = final.PeakMemorySource,
            Params = parameters,
            Macs = model.Macs,
            WallSeconds = wallSeconds,
            Benchmark = benchmark,
            Epochs = state.Epochs,
        };
    }

    /// <summary>
    /// The end-of-run benchmark at the recipe's batch; a failure there (a batch that fits training's memory
    /// but not the benchmark's) leaves the finished run without one instead of failing it.
    /// </summary>
    private ThroughputBenchmark? Benchmark(Module net, Dataset data)
    {
        try
        {
            return EndOfRunBenchmark.Measure(net, recipe, data.Channels, data.ImageSize, data.Classes, recipe.Batch,
                options.BenchmarkSteps, Math.Max(0, options.BenchmarkWarmup), options.Device);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Console.Error.WriteLine($"throughput benchmark skipped: {e.Message.Split('\n')[0]}");
            return null;
        }
    }

    private readonly record struct EpochTraining(double Lr, double Loss, double Top1, long Images, double Seconds);

    private (EpochTraining Result, (RunStatus, string)? Failure) TrainEpoch(Module net, TrainingOptimizer optimizer,
        BatchPipeline trainData, int epoch, int steps, long globalStep, CancellationToken cancellation)
    {
        net.train();
        double lossSum = 0, lr = 0;
        long correct = 0, images = 0;
        var clock = Stopwatch.StartNew();
        int step = 0;
        foreach (var host in trainData.HostBatches(epoch - 1))
        {
            step++;
            if (cancellation.IsCancellationRequested)
                return (default, (RunStatus.Interrupted, $"interrupted at epoch {epoch}, step {step} of {steps}; resumes from epoch {epoch}"));
            using (NativeCallFence.Enter()) // no collection mid-step: TorchSharp's temporary Scalars (NativeCallFence)
            using (var scope = torch.NewDisposeScope())
            {
                var batch = trainData.ToTensors(host, options.Device);
                trainData.Recycle(host);
                lr = LearningRate.At(recipe, epoch - 1, (step - 1) / (double)steps, 1.0 / steps);
                optimizer.SetLr(lr);
                var logits = net.call(batch.Input);
                var loss = nn.functional.cross_entropy(logits, batch.Target, label_smoothing: recipe.LabelSmoothing);
                double value = loss.item<float>();
                if (options.InjectNaNLossAt == (epoch, step)) value = double.NaN;
                if (!double.IsFinite(value))
                    return (default, (RunStatus.Failed,
                        $"loss is {(double.IsNaN(value) ? "NaN" : "infinite")} at epoch {epoch}, step {step} of {steps} (global step {globalStep + step}), lr {lr:G4}"));
                optimizer.ZeroGrad();
                loss.backward();
                optimizer.Step();
                using (torch.no_grad())
                {
                    var (top1, _) = Accuracy.Count(logits, batch.Target);
                    correct += top1;
                }
                lossSum += value * batch.Count;
                images += batch.Count;
            }
            double seconds = clock.Elapsed.TotalSeconds;
            observer.OnStep(new StepProgress(epoch, recipe.Epochs, step, steps, lossSum / images, correct / (double)images,
                images / Math.Max(seconds, 1e-9), lr));
        }
        return (new EpochTraining(lr, lossSum / images, correct / (double)images, images, clock.Elapsed.TotalSeconds), null);
    }

    private (double Loss, double Top1, double Top5, double Seconds) Evaluate(Module net, BatchPipeline evalData)
    {
        net.eval();
        var clock = Stopwatch.StartNew();
        double lossSum = 0;
        long top1 = 0, top5 = 0, images = 0;
        using (torch.inference_mode())
        {
            foreach (var host in evalData.HostBatches(0))
            {
                using var fence = NativeCallFence.Enter();
                using var scope = torch.NewDisposeScope();
                var batch = evalData.ToTensors(host, options.Device);
                evalData.Recycle(host);
                var logits = net.call(batch.Input);
                lossSum += nn.functional.cross_entropy(logits, batch.Target, reduction: nn.Reduction.Sum).item<float>();
                var (c1, c5) = Accuracy.Count(logits, batch.Target);
                top1 += c1;
                top5 += c5;
                images += batch.Count;
            }
        }
        net.train();
        return (lossSum / images, top1 / (double)images, top5 / (double)images, clock.Elapsed.TotalSeconds);
    }

    private void SaveCheckpoint(Module net, TrainingOptimizer optimizer, Checkpoint.State state)
    {
        using var scope = torch.NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (name, t) in net.state_dict()) tensors["model." + name] = t;
        foreach (var (name, t) in optimizer.State()) tensors["optimizer." + name] = t;
        Checkpoint.Save(outputDirectory, state, tensors);
    }

    /// <summary>The fields two configurations disagree on, "field: saved -> now", recipe fields by their own names.</summary>
    private static string Differences(JsonObject saved, JsonObject now)
    {
        static IEnumerable<(string, JsonNode?)> Flat(JsonObject o) => o.SelectMany(kv => kv.Value is JsonObject inner
            ? inner.Select(i => (i.Key, i.Value))
            : new[] { (kv.Key, kv.Value) });
        var a = Flat(saved).ToDictionary(x => x.Item1, x => x.Item2);
        var b = Flat(now).ToDictionary(x => x.Item1, x => x.Item2);
        return string.Join(", ", a.Keys.Union(b.Keys)
            .Where(k => !JsonNode.DeepEquals(a.GetValueOrDefault(k), b.GetValueOrDefault(k)))
            .Select(k => $"{k}: {a.GetValueOrDefault(k)?.ToJsonString() ?? "none"} -> {b.GetValueOrDefault(k)?.ToJsonString() ?? "none"}"));
    }

}
