using Ablation.Experiments.Data;
using Ablation.Experiments.Tests.Data;
using Ablation.Experiments.Training;
using TorchSharp;
using Xunit;

namespace Ablation.Experiments.Tests.Training;

/// <summary>The trainer's end-of-run throughput benchmark, and the step timer it shares with `ablate bench`.</summary>
[Collection(GlobalGeneratorCollection.Name)]
public class EndOfRunBenchmarkTests
{
    private static readonly DatasetSpec Spec = new("synthetic", null, new Dictionary<string, string>
    {
        ["train"] = "64", ["test"] = "32", ["image"] = "8", ["channels"] = "3", ["classes"] = "4",
    });

    private static readonly Dataset Data = DatasetCatalog.Load(Spec);
    private static readonly Recipe Quick = new() { Epochs = 2, Batch = 16, Lr = 0.05 };
    private static readonly TrainingModel Tiny = new("tiny", d => new TinyNet(3, 4, device: d), Macs: 1234);

    private static RunResult Train(string dir, TrainerOptions options) =>
        new Trainer(Tiny, Spec, Quick, seed: 3, dir, null, options with { Data = Data }).Run();

    [Fact]
    public void A_finished_run_carries_a_benchmark_at_its_batch_and_threads_and_its_results_do_not_depend_on_it()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        var with = Train(a.Path, new TrainerOptions { BenchmarkSteps = 4, BenchmarkWarmup = 1 });
        var without = Train(b.Path, new TrainerOptions { BenchmarkSteps = 0 });

        var bench = Assert.IsType<ThroughputBenchmark>(with.Benchmark);
        Assert.Equal(16, bench.Batch);
        Assert.Equal(4, bench.Steps);
        Assert.Equal(1, bench.WarmupSteps);
        Assert.Equal(torch.get_num_threads(), bench.Threads);
        Assert.True(bench.TrainImgS > 0 && double.IsFinite(bench.TrainImgS), $"train {bench.TrainImgS}");
        Assert.True(bench.InferImgS > 0 && double.IsFinite(bench.InferImgS), $"infer {bench.InferImgS}");
        if (File.Exists(LoadAverage.ProcFile)) Assert.True(bench.LoadAvg >= 0);
        Assert.Null(without.Benchmark);
        // The benchmark runs after the last checkpoint: the run's numbers are those of a run without it.
        Assert.Equal(without.Epochs.Select(e => (e.TrainLoss, e.TestTop1)), with.Epochs.Select(e => (e.TrainLoss, e.TestTop1)));
        Assert.Equal(without.Top1, with.Top1);
    }

    [Fact]
    public void An_interrupted_run_has_no_benchmark()
    {
        using var dir = new TempDirectory();
        var r = Train(dir.Path, new TrainerOptions { BenchmarkSteps = 2, StopAfterEpochs = 1 });
        Assert.Equal(RunStatus.Interrupted, r.Status);
        Assert.Null(r.Benchmark);
    }

    [Theory]
    [InlineData(new[] { 5.0 }, 5.0)]
    [InlineData(new[] { 9.0, 1.0, 4.0 }, 4.0)]
    [InlineData(new[] { 8.0, 2.0, 100.0, 4.0 }, 6.0)]
    public void The_median_is_the_middle_value_or_the_mean_of_the_two_middle_ones(double[] values, double median) =>
        Assert.Equal(median, StepTimer.Median(values));

    [Fact]
    public void The_step_timer_runs_warmup_then_timed_steps_and_times_each()
    {
        int calls = 0;
        var times = StepTimer.Milliseconds(() => { calls++; Thread.Sleep(calls > 2 ? 20 : 0); }, steps: 3, warmup: 2);
        Assert.Equal(5, calls);
        Assert.Equal(3, times.Length);
        Assert.All(times, t => Assert.True(t >= 15, $"{t} ms for a 20 ms step"));
    }
}
