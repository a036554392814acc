using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using Module = TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>;

namespace Ablation.Experiments.Training;

/// <summary>
/// The throughput benchmark a trainer runs at the end of a run (<see cref="ThroughputBenchmark"/>): on the
/// trained model, one fixed synthetic batch of the data set's shape, <see cref="StepTimer"/>'s warm-up and
/// timed steps, the median step time of each of a training step (forward, cross entropy, backward, a step
/// of a fresh optimizer of the recipe's kind) and an eval-mode forward pass in inference mode. Training
/// wall time mixes in data loading, evaluation and whatever else the machine does; this does not, so the
/// runs of a sweep can be compared. The steps change the model's weights: run it after the last checkpoint.
/// </summary>
public static class EndOfRunBenchmark
{
    public static ThroughputBenchmark Measure(Module net, Recipe recipe, int channels, int imageSize, int classes,
        int batch, int steps, int warmup, Device device)
    {
        double? load = LoadAverage.OneMinute(); // before the benchmark adds its own load
        using var optimizer = TrainingOptimizer.Create(net, recipe);
        optimizer.SetLr(recipe.Lr);
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(new long[] { batch, channels, imageSize, imageSize }, device: device);
        var y = torch.randint(0, classes, new long[] { batch }, device: device);

        net.train();
        var train = StepTimer.Milliseconds(() =>
        {
            using var fence = NativeCallFence.Enter(); // as the trainer steps
            using var s = torch.NewDisposeScope();
            var loss = nn.functional.cross_entropy(net.call(x), y);
            optimizer.ZeroGrad();
            loss.backward();
            optimizer.Step();
            loss.item<float>(); // waits for the step
        }, steps, warmup);

        net.eval();
        var infer = StepTimer.Milliseconds(() =>
        {
            using var fence = NativeCallFence.Enter();
            using var s = torch.NewDisposeScope();
            using var _ = torch.inference_mode();
            net.call(x).sum().item<float>();
        }, steps, warmup);
        net.train();

        return new ThroughputBenchmark(batch * 1000.0 / StepTimer.Median(train), batch * 1000.0 / StepTimer.Median(infer),
            batch, steps, warmup, torch.get_num_threads(), load);
    }
}
