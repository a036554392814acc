using System.Diagnostics;
using System.Text.Json.Nodes;
using Ablation.Experiments.Data;
using Ablation.Experiments.Data.Detection;
using Ablation.Experiments.Detectors;
using Ablation.Experiments.Detectors.YoloV5;
using Ablation.Experiments.Detectors.Yolox;
using Ablation.Experiments.Training.Detection;
using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using Module = TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>;

namespace Ablation.Experiments.Training;

/// <summary>
/// Trains one detector run as YOLOv5's train.py does (<see cref="DetectionRecipe"/>, or YOLOX's trainer with
/// schedule yolox): per step the raw maps, the family's loss (<see cref="YoloV5Loss"/>, gains scaled to classes and
/// img_size; or <see cref="YoloxLoss"/>, SimOTA, with its L1 term in the last close_mosaic epochs), backward, and
/// every accumulate steps an SGD step and an EMA update; the EMA model is evaluated on the validation split after
/// each epoch (<see cref="DetectionEvaluation"/>) and the run folder gets <c>val_labels.json</c> (COCO instances)
/// and <c>val_detections.json</c> (COCO results of the last evaluation). Checkpoints and resume as the
/// classification <see cref="Trainer"/> (model, EMA and optimizer state, the configuration checked on resume;
/// data order and libtorch's generator are pure functions of seed and epoch). A NaN or infinite loss fails
/// the run, naming epoch and step.
/// </summary>
public sealed class DetectionTrainer
{
    public const string LabelsFile = "val_labels.json";
    public const string DetectionsFile = "val_detections.json";

    private readonly DetectorSpec spec;
    private readonly DatasetSpec datasetSpec;
    private readonly DetectionRecipe recipe;
    private readonly long seed;
    private readonly string outputDirectory;
    private readonly ITrainingObserver observer;
    private readonly TrainerOptions options;
    private readonly DetectionDataset? preloaded;

    /// <param name="spec">the detector; its classes and image size are replaced by the data's and the recipe's.</param>
    public DetectionTrainer(DetectorSpec spec, DatasetSpec dataset, DetectionRecipe recipe, long seed, string outputDirectory,
        ITrainingObserver? observer = null, TrainerOptions? options = null, DetectionDataset? data = null)
    {
        this.recipe = recipe.Validate();
        this.spec = spec with { ImageSize = recipe.ImgSize };
        datasetSpec = dataset;
        this.seed = seed;
        this.outputDirectory = outputDirectory;
        this.observer = observer ?? new NullObserver();
        this.options = options ?? new TrainerOptions();
        preloaded = data;
    }

    private sealed class NullObserver : ITrainingObserver { }

    private JsonObject Config(DetectorSpec s) => new()
    {
        ["model"] = s.ToString() + $"|{s.Attention}|classes={s.Classes}",
        ["dataset"] = datasetSpec.ToString(),
        ["recipe"] = recipe.ToJsonObject(),
        ["seed"] = seed,
    };

    private long EpochSeed(int epoch) => (long)(SampleRandom.For((ulong)seed, (ulong)epoch, 0xDE7EC7).NextUInt64() >> 1);

    public RunResult Run(CancellationToken cancellation = default)
    {
        var wall = Stopwatch.StartNew();
        var data = preloaded ?? DetectionDatasets.Load(datasetSpec);
        var detectorSpec = spec with { Classes = data.Classes };
        DetectorFactory.Validate(detectorSpec);
        var train = DetectionBatchPipeline.ForTraining(data.Train, recipe.ImgSize, recipe.Augmentation, recipe.Batch,
            (ulong)seed, recipe.Epochs, options.DataThreads);
        var val = DetectionBatchPipeline.ForEvaluation(data.Val, recipe.ImgSize, Math.Min(options.EvalBatch, 32), options.DataThreads);
        int steps = train.BatchCount;
        if (steps == 0)
            throw new ArgumentException($"recipe: batch {recipe.Batch} is larger than the {data.Train.Count} training images of {datasetSpec.Name}");
        var (parameters, macs, _, _) = DetectorFactory.Profile(detectorSpec);
        var truth = DetectionCoco.GroundTruth(data.Val);
        Directory.CreateDirectory(outputDirectory);
        CocoJson.WriteInstances(Path.Combine(outputDirectory, LabelsFile), truth);

        torch.manual_seed(seed);
        var detector = DetectorFactory.Create(detectorSpec, options.Device);
        using var net = (Module)detector;
        net.train();
        using var emaNet = (Module)DetectorFactory.Create(detectorSpec, options.Device);
        var ema = new ModelEma(net, emaNet, recipe.EmaDecay, recipe.EmaTau);
        using var optimizer = new DetectionOptimizer(net, recipe);
        var schedule = new DetectionSchedule(recipe, steps);
        var loss = LossFor(detector, data.Classes);

        var config = Config(detectorSpec);
        var state = new Checkpoint.State { Config = config };
        long lastOptimizerStep = -1;
        if (options.Resume && Checkpoint.Exists(outputDirectory))
        {
            var (saved, tensors) = Checkpoint.Load(outputDirectory, options.Device);
            try
            {
                if (!JsonNode.DeepEquals(saved.Config, config))
                    throw new InvalidOperationException(
                        $"{Path.Combine(outputDirectory, Checkpoint.SidecarName)}: the checkpoint is of another run; use another output directory or start over without resume");
                Checkpoint.LoadModel(outputDirectory, net, Checkpoint.Prefixed(tensors, "model."));
                ema.Load(Checkpoint.Prefixed(tensors, "ema."), tensors["ema_updates"].item<long>());
                lastOptimizerStep = tensors["last_optimizer_step"].item<long>();
                optimizer.LoadState(Checkpoint.Prefixed(tensors, "optimizer."));
            }
            finally
            {
                foreach (var t in tensors.Values) t.Dispose();
            }
            state = saved;
        }

        int firstEpoch = state.Epoch + 1;
        observer.OnStart(new RunInfo(firstEpoch, recipe.Epochs, steps, train.BatchCount * recipe.Batch, data.Val.Count, parameters,
            macs, TorchRuntime.Name(options.Device), torch.get_num_threads()));
        MemoryMeter.ResetPeak(options.Device);
        double priorWall = state.WallSeconds;
        string? error = null;
        var status = RunStatus.Done;
        int epochsThisProcess = 0;
        CocoMetrics? lastMetrics = null;

        for (int epoch = firstEpoch; epoch <= recipe.Epochs; epoch++)
        {
            if (cancellation.IsCancellationRequested || options.StopAfterEpochs is { } stop && epochsThisProcess >= stop)
            {
                status = RunStatus.Interrupted;
                break;
            }
            var epochClock = Stopwatch.StartNew();
            torch.manual_seed(EpochSeed(epoch));
            if (loss is YoloxLoss yolox) yolox.UseL1 = recipe.L1LossIn(epoch);
            net.train();
            double lossSum = 0, lr = 0;
            long images = 0;
            var clock = Stopwatch.StartNew();
            int step = 0;
            optimizer.ZeroGrad();
            foreach (var host in train.HostBatches(epoch - 1))
            {
                step++;
                long ni = state.GlobalStep + step - 1;
                if (cancellation.IsCancellationRequested)
                {
                    (status, error) = (RunStatus.Interrupted, $"interrupted at epoch {epoch}, step {step} of {steps}; resumes from epoch {epoch}");
                    break;
                }
                using (NativeCallFence.Enter()) // no collection mid-step: TorchSharp's temporary Scalars (NativeCallFence)
                using (torch.NewDisposeScope())
                {
                    var (x, targets) = DetectionBatchTensors.ToTensors(host);
                    int count = host.Count;
                    train.Recycle(host);
                    optimizer.Set(schedule, epoch - 1, ni);
                    lr = optimizer.Lrs[1];
                    var (l, _) = loss.Compute(detector.forward_heads(MemoryLayout.ChannelsLast(x.to(options.Device))), targets.to(options.Device));
                    double value = l.item<float>();
                    if (options.InjectNaNLossAt == (epoch, step)) value = double.NaN;
                    if (!double.IsFinite(value))
                    {
                        (status, error) = (RunStatus.Failed,
                            $"loss is {(double.IsNaN(value) ? "NaN" : "infinite")} at epoch {epoch}, step {step} of {steps} (global step {ni + 1}), lr {lr:G4}");
                        break;
                    }
                    l.backward();
                    if (ni - lastOptimizerStep >= schedule.Accumulate(ni))
                    {
                        // train.py clips the gradient norm at 10 before the step; YOLOX does not clip.
                        if (recipe.ClipGradNorm is { } maxNorm) nn.utils.clip_grad_norm_(net.parameters(), maxNorm);
                        optimizer.Step();
                        optimizer.ZeroGrad();
                        ema.Update(net);
                        lastOptimizerStep = ni;
                    }
                    lossSum += value;
                    images += count;
                }
                double seconds = clock.Elapsed.TotalSeconds;
                observer.OnStep(new StepProgress(epoch, recipe.Epochs, step, steps, lossSum / step, null, images / Math.Max(seconds, 1e-9), lr));
            }
            if (error is not null) break;
            double trainSeconds = clock.Elapsed.TotalSeconds;

            DetectionEvaluation.Result? eval = null;
            if (recipe.EvaluatesAfter(epoch))
            {
                observer.OnEvaluate(epoch);
                eval = DetectionEvaluation.Run(ema.Module, val, truth, options.Device);
                lastMetrics = eval.Metrics;
                CocoJson.WriteResults(Path.Combine(outputDirectory, DetectionsFile), eval.Detections);
            }
            var result = new EpochResult(epoch, lr, lossSum / Math.Max(1, step), 0, null, null, null,
                epochClock.Elapsed.TotalSeconds, images / trainSeconds, eval?.Metrics.Map, eval?.Metrics.Map50, eval?.Metrics.Map75);
            state = state with
            {
                Epoch = epoch,
                GlobalStep = state.GlobalStep + steps,
                Epochs = state.Epochs.Append(result).ToList(),
                WallSeconds = priorWall + wall.Elapsed.TotalSeconds,
                TrainSeconds = state.TrainSeconds + trainSeconds,
                TrainImages = state.TrainImages + images,
                EvalSeconds = state.EvalSeconds + (eval?.Seconds ?? 0),
                EvalImages = state.EvalImages + (eval?.Images ?? 0),
            };
            state = state.WithPeakMemory(options.Device);
            SaveCheckpoint(net, ema, optimizer, state, lastOptimizerStep);
            epochsThisProcess++;
            observer.OnEpoch(result);
        }

        if (status == RunStatus.Done && lastMetrics is null && state.Epochs.LastOrDefault()?.Map is not null)
        {
            // Resumed after its last, evaluated epoch (a worker killed between that checkpoint and its result): the
            // per-class figures live only in an evaluation, so evaluate the restored EMA again. Same weights, same
            // val batches: the same numbers as the epoch's own evaluation.
            using (torch.NewDisposeScope()) lastMetrics = DetectionEvaluation.Run(ema.Module, val, truth, options.Device).Metrics;
        }
        var final = state.WithPeakMemory(options.Device);
        var last = state.Epochs.LastOrDefault(e => e.Map is not null);
        return new RunResult
        {
            Status = status,
            Error = error,
            Task = "detection",
            Map = last?.Map,
            Map50 = last?.Map50,
            Map75 = last?.Map75,
            Coco = lastMetrics,
            EpochsDone = state.Epoch,
            TrainImagesPerSecond = state.TrainSeconds > 0 ? state.TrainImages / state.TrainSeconds : 0,
            InferImagesPerSecond = state.EvalSeconds > 0 ? state.EvalImages / state.EvalSeconds : 0,
            PeakMemoryBytes = final.PeakMemoryBytes,
            PeakMemorySource = final.PeakMemorySource,
            Params = parameters,
            Macs = macs,
            WallSeconds = priorWall + wall.Elapsed.TotalSeconds,
            Epochs = state.Epochs,
        };
    }

    /// <summary>
    /// The detector family's loss: YOLOv5's ComputeLoss with hyp.scratch-low's gains scaled to the classes, levels
    /// and img_size (<see cref="YoloV5Loss"/>), or YOLOX's SimOTA loss (<see cref="YoloxLoss"/>).
    /// </summary>
    private IDetectionLoss LossFor(IDetector detector, long classes) => detector switch
    {
        YoloV5Model y => new YoloV5Loss(y.detect, new YoloV5Hyp().ScaledFor(classes, recipe.ImgSize, y.detect.nl)),
        YoloxModel x => new YoloxLoss(classes, x.Strides),
        _ => throw new ArgumentException($"detector {detector.Name}: no training loss for its family"),
    };

    private void SaveCheckpoint(Module net, ModelEma ema, DetectionOptimizer optimizer, Checkpoint.State state, long lastOptimizerStep)
    {
        using var scope = torch.NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (name, t) in net.state_dict()) tensors["model." + name] = t;
        foreach (var (name, t) in ema.Module.state_dict()) tensors["ema." + name] = t;
        foreach (var (name, t) in optimizer.State()) tensors["optimizer." + name] = t;
        tensors["ema_updates"] = torch.tensor(ema.Updates);
        tensors["last_optimizer_step"] = torch.tensor(lastOptimizerStep);
        Checkpoint.Save(outputDirectory, state, tensors);
    }

}
