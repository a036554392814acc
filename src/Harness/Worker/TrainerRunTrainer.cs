using Ablation.Experiments.Backbones;
using Ablation.Experiments.Training;
using Ablation.Harness.Catalog;
using Ablation.Harness.Runs;
using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace Ablation.Harness.Worker;

/// <summary>
/// The worker's training: the Experiments layer's <see cref="Trainer"/> for the run's model (built by
/// <see cref="ModelFactory"/>), data set and recipe, checkpointing into the run's checkpoints/ folder and
/// resuming from it.
/// </summary>
public sealed class TrainerRunTrainer : IRunTrainer
{
    public RunResult Train(RunSpec spec, RunDirectory dir, string device, int threads, ITrainingObserver observer, CancellationToken stop)
    {
        TorchRuntime.ConfigureThreads(threads);
        if (Ablation.Experiments.Detectors.DetectorRegistry.IsDetector(spec.Backbone)) return TrainDetector(spec, dir, device, observer, stop);
        var modelSpec = ExperimentsCatalog.ModelSpecOf(spec);
        var (_, macs, _) = ModelFactory.Profile(modelSpec);
        var model = new TrainingModel(modelSpec.ToString(), d => ModelFactory.Create(modelSpec, d), macs);
        var recipe = Recipe.FromJson(new System.Text.Json.Nodes.JsonObject(
            spec.Recipe.Select(kv => KeyValuePair.Create(kv.Key, (System.Text.Json.Nodes.JsonNode?)kv.Value.DeepClone()))).ToJsonString());
        var dataset = DatasetFiles.ToSpec(spec.Dataset, spec.DatasetOptions);
        var options = new TrainerOptions
        {
            Device = TorchRuntime.ParseDevice(device), Resume = true, Data = DatasetFiles.LoadSubset(dataset),
            BenchmarkSteps = BenchmarkSteps(),
        };
        // TensorBoard first: its point for an epoch is written before the store's record of it, so a fault
        // between the two (FaultInjection fires there) leaves no hole in the curve.
        var tensorBoard = new TensorBoardObserver(dir.TensorBoardDir(spec));
        var trainer = new Trainer(model, dataset, recipe, spec.Seed, dir.CheckpointDir, new ObserverChain(tensorBoard, observer), options);
        var result = trainer.Run(stop);
        if (result.Benchmark is { } bench) tensorBoard.OnBenchmark(bench, result.EpochsDone);
        return result;
    }

    /// <summary>
    /// Timed steps of the end-of-run throughput benchmark: <c>ABLATE_BENCH_STEPS</c> (0 switches it off; the
    /// scheduler's environment reaches every worker), by default <see cref="TrainerOptions.BenchmarkSteps"/>.
    /// </summary>
    public const string BenchStepsVariable = "ABLATE_BENCH_STEPS";

    private static int BenchmarkSteps()
    {
        var text = Environment.GetEnvironmentVariable(BenchStepsVariable);
        if (string.IsNullOrWhiteSpace(text)) return new TrainerOptions().BenchmarkSteps;
        return int.TryParse(text, out var n) && n >= 0
            ? n
            : throw new ArgumentException($"{BenchStepsVariable} '{text}': allowed: a whole number of steps, 0 or more (0: no benchmark)");
    }

    /// <summary>A detector run: <see cref="DetectionTrainer"/> with the run's detection recipe, COCO files beside its checkpoints.</summary>
    private static RunResult TrainDetector(RunSpec spec, RunDirectory dir, string device, ITrainingObserver observer, CancellationToken stop)
    {
        var detector = ExperimentsCatalog.DetectorSpecOf(spec);
        var recipe = DetectionRecipe.FromJson(new System.Text.Json.Nodes.JsonObject(
            spec.Recipe.Select(kv => KeyValuePair.Create(kv.Key, (System.Text.Json.Nodes.JsonNode?)kv.Value.DeepClone()))).ToJsonString());
        var dataset = DatasetFiles.ForCatalog(DatasetFiles.ToSpec(spec.Dataset, spec.DatasetOptions));
        var options = new TrainerOptions { Device = TorchRuntime.ParseDevice(device), Resume = true };
        var tensorBoard = new TensorBoardObserver(dir.TensorBoardDir(spec)); // first, as for classification
        return new DetectionTrainer(detector, dataset, recipe, spec.Seed, dir.CheckpointDir, new ObserverChain(tensorBoard, observer), options,
            Ablation.Experiments.Data.Detection.DetectionDatasets.Load(dataset)).Run(stop);
    }
}
