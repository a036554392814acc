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
        var modelSpec = ExperimentsCatalog.ModelSpecOf(spec);
        var (_, macs, _) = ModelFactory.Profile(modelSpec);
        var model = new TrainingModel(modelSpec.ToString(), d => ModelFactory.Create(modelSpec, d), macs);
        var recipe = Recipe.FromJson(new System.Text.Json.Nodes.JsonObject(
            spec.Recipe.Select(kv => KeyValuePair.Create(kv.Key, (System.Text.Json.Nodes.JsonNode?)kv.Value.DeepClone()))).ToJsonString());
        var dataset = DatasetFiles.ToSpec(spec.Dataset, spec.DatasetOptions);
        var options = new TrainerOptions { Device = TorchRuntime.ParseDevice(device), Resume = true, Data = DatasetFiles.LoadSubset(dataset) };
        var trainer = new Trainer(model, dataset, recipe, spec.Seed, dir.CheckpointDir, observer, options);
        return trainer.Run(stop);
    }
}
