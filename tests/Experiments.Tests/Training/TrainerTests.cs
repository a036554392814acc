using Ablation.Experiments.Attention;
using Ablation.Experiments.Backbones;
using Ablation.Experiments.Data;
using Ablation.Experiments.Tests.Data;
using Ablation.Experiments.Training;
using TorchSharp;
using static TorchSharp.torch;
using Xunit;

namespace Ablation.Experiments.Tests.Training;

[Collection(GlobalGeneratorCollection.Name)]
public class TrainerTests
{
    private static readonly DatasetSpec Spec = new("synthetic", null, new Dictionary<string, string>
    {
        ["train"] = "320", ["test"] = "160", ["image"] = "8", ["channels"] = "3", ["classes"] = "4",
    });

    private static readonly Dataset Data = DatasetCatalog.Load(Spec);

    private static readonly Recipe Quick = new()
    {
        Epochs = 3, Batch = 32, Lr = 0.1, Schedule = "cosine", WarmupEpochs = 0.5, Momentum = 0.9, Nesterov = true,
        WeightDecay = 5e-4, Augment = new[] { "random-crop-1", "hflip" },
    };

    private static readonly TrainingModel Tiny = new("tiny", d => new TinyNet(3, 4, device: d), Macs: 1234);

    private static RunResult Train(string dir, Recipe? recipe = null, TrainerOptions? options = null, ITrainingObserver? observer = null) =>
        new Trainer(Tiny, Spec, recipe ?? Quick, seed: 7, dir, observer, (options ?? new TrainerOptions()) with { Data = Data }).Run();

    private sealed class Recorder : ITrainingObserver
    {
        public List<EpochResult> Epochs { get; } = new();
        public List<StepProgress> Steps { get; } = new();
        public RunInfo? Info { get; private set; }
        public void OnStart(RunInfo info) => Info = info;
        public void OnStep(StepProgress p) => Steps.Add(p);
        public void OnEpoch(EpochResult e) => Epochs.Add(e);
    }

    [Fact]
    public void A_short_run_on_synthetic_data_learns_and_reports_every_epoch()
    {
        using var dir = new TempDirectory();
        var recorder = new Recorder();
        var result = Train(dir.Path, Quick with { Epochs = 4 }, observer: recorder);

        Assert.Equal(RunStatus.Done, result.Status);
        Assert.True(result.Top1 > 0.75, $"top-1 {result.Top1} (chance is 0.25)");
        Assert.Equal(1.0, result.Top5); // 4 classes: the target is always among the top 5
        Assert.Equal(4, result.EpochsDone);
        Assert.Equal(new[] { 1, 2, 3, 4 }, recorder.Epochs.Select(e => e.Epoch));
        Assert.Equal(10 * 4, recorder.Steps.Count);
        Assert.Equal(10, recorder.Info!.StepsPerEpoch);
        Assert.True(recorder.Epochs[^1].TrainLoss < recorder.Epochs[0].TrainLoss);
        Assert.Equal(result.Epochs.Max(e => e.TestTop1), result.BestTop1);
        Assert.Equal(8 * 3 * 9 + 8 * 2 + 4 * 8 + 4, result.Params);
        Assert.Equal(1234, result.Macs);
        Assert.True(result.TrainImagesPerSecond > 0 && result.InferImagesPerSecond > 0 && result.PeakMemoryBytes > 0);
        // Cosine after half an epoch of warmup: the rate of the last step of the last epoch is close to 0.
        Assert.True(result.Epochs[^1].Lr < 0.01 * Quick.Lr);
        Assert.True(Checkpoint.Exists(dir.Path));
    }

    [Fact]
    public void A_resumed_run_ends_bitwise_equal_to_an_uninterrupted_one()
    {
        using var whole = new TempDirectory();
        using var parts = new TempDirectory();
        var uninterrupted = Train(whole.Path);

        var first = Train(parts.Path, options: new TrainerOptions { StopAfterEpochs = 1 });
        Assert.Equal(RunStatus.Interrupted, first.Status);
        Assert.Equal(1, first.EpochsDone);
        var second = Train(parts.Path, options: new TrainerOptions { StopAfterEpochs = 1, DataThreads = 3 });
        Assert.Equal(2, second.EpochsDone);
        var resumed = Train(parts.Path);

        Assert.Equal(RunStatus.Done, resumed.Status);
        Assert.Equal(uninterrupted.Top1, resumed.Top1);
        Assert.Equal(uninterrupted.Epochs.Select(e => (e.TrainLoss, e.TestLoss, e.TestTop1, e.Lr)),
            resumed.Epochs.Select(e => (e.TrainLoss, e.TestLoss, e.TestTop1, e.Lr)));

        using var scope = torch.NewDisposeScope();
        var a = Checkpoint.Load(whole.Path).Tensors;
        var b = Checkpoint.Load(parts.Path).Tensors;
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        Assert.Contains("model.running_mean", a.Keys);
        Assert.Contains("optimizer.state.0.momentum_buffer", a.Keys);
        foreach (var key in a.Keys)
        {
            Assert.Equal(a[key].dtype, b[key].dtype);
            Assert.Equal(a[key].shape, b[key].shape);
            Assert.True(a[key].bytes.SequenceEqual(b[key].bytes), $"{key} differs after resume");
        }
    }

    private sealed class LiveTensors : ITrainingObserver
    {
        public List<long> AtSteps { get; } = new();
        public void OnStep(StepProgress p) => AtSteps.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Every_step_evaluation_and_checkpoint_releases_the_tensors_it_creates()
    {
        using var dir = new TempDirectory();
        var live = new LiveTensors();
        var result = Train(dir.Path, Quick, observer: live);
        Assert.Equal(RunStatus.Done, result.Status);
        Assert.Equal(30, live.AtSteps.Count);
        // The first step creates the optimizer's momentum buffers; from then on every step, evaluation and
        // checkpoint leaves exactly as many live tensors as it found.
        Assert.All(live.AtSteps.Skip(1), n => Assert.Equal(live.AtSteps[1], n));
    }

    /// <summary>TinyNet that records, at each forward, whether it trains and whether autograd or inference mode is on.</summary>
    private sealed class ModeProbe : Ablation.TorchSupport.nn.ExplicitModule
    {
        private readonly TinyNet inner;
        public List<(bool Training, bool Grad, bool Inference)> Calls { get; } = new();

        public ModeProbe(Device? device) : base(nameof(ModeProbe)) => inner = RegisterModule("inner", new TinyNet(3, 4, device: device));

        public override Tensor forward(Tensor input)
        {
            Calls.Add((training, torch.is_grad_enabled(), torch.is_inference_mode_enabled()));
            return inner.call(input);
        }
    }

    [Fact]
    public void Training_steps_record_gradients_and_evaluation_runs_in_inference_mode()
    {
        using var dir = new TempDirectory();
        ModeProbe? probe = null;
        var model = new TrainingModel("probe", d => probe = new ModeProbe(d), Macs: 1);
        var result = new Trainer(model, Spec, Quick with { Epochs = 1 }, seed: 7, dir.Path, options: new TrainerOptions { Data = Data }).Run();
        Assert.Equal(RunStatus.Done, result.Status);
        var train = probe!.Calls.Where(c => c.Training).ToList();
        var eval = probe.Calls.Where(c => !c.Training).ToList();
        Assert.Equal(10, train.Count);                       // 320 images in batches of 32
        Assert.Equal(1, eval.Count);                         // 160 test images in one batch of 256
        Assert.All(train, c => Assert.True(c.Grad && !c.Inference));
        Assert.All(eval, c => Assert.True(!c.Grad && c.Inference));
    }

    [Fact]
    public void A_zoo_model_with_attention_trains_and_resumes_bitwise()
    {
        var small = new DatasetSpec("synthetic", null, new Dictionary<string, string>
        {
            ["train"] = "64", ["test"] = "32", ["image"] = "8", ["channels"] = "3", ["classes"] = "4",
        });
        var data = DatasetCatalog.Load(small);
        var model = TrainingModel.FromSpec(TrainingModel.AdaptTo(new ModelSpec("resnet20", new AttentionSpec("cbam")), small));
        var recipe = Quick with { Epochs = 2, Augment = new[] { "hflip" } };
        RunResult Run(string dir, TrainerOptions options) =>
            new Trainer(model, small, recipe, seed: 3, dir, options: options with { Data = data }).Run();

        using var whole = new TempDirectory();
        using var parts = new TempDirectory();
        var uninterrupted = Run(whole.Path, new TrainerOptions());
        Assert.Equal(RunStatus.Done, uninterrupted.Status);
        Assert.True(uninterrupted.Macs > 0 && uninterrupted.Params > 0);
        Assert.Equal(RunStatus.Interrupted, Run(parts.Path, new TrainerOptions { StopAfterEpochs = 1, DataThreads = 0 }).Status);
        var resumed = Run(parts.Path, new TrainerOptions { DataThreads = 2 });
        Assert.Equal(uninterrupted.Epochs.Select(e => (e.TrainLoss, e.TestLoss)), resumed.Epochs.Select(e => (e.TrainLoss, e.TestLoss)));

        using var scope = torch.NewDisposeScope();
        var a = Checkpoint.Load(whole.Path).Tensors;
        var b = Checkpoint.Load(parts.Path).Tensors;
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        Assert.Contains(a.Keys, k => k.EndsWith(".num_batches_tracked"));
        Assert.Contains(a.Keys, k => k.StartsWith("model.") && k.Contains("ChannelGate"));
        foreach (var key in a.Keys)
            Assert.True(a[key].bytes.SequenceEqual(b[key].bytes), $"{key} differs after resume");
    }

    [Fact]
    public void A_nan_loss_fails_the_run_naming_epoch_and_step_and_keeps_the_last_checkpoint()
    {
        using var dir = new TempDirectory();
        var result = Train(dir.Path, options: new TrainerOptions { InjectNaNLossAt = (2, 3) });
        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Contains("loss is NaN at epoch 2, step 3 of 10", result.Error);
        Assert.Equal(1, result.EpochsDone);
        Assert.Equal(1, Checkpoint.Load(dir.Path).State.Epoch);
    }

    [Fact]
    public void A_diverging_run_fails_on_its_first_non_finite_loss()
    {
        using var dir = new TempDirectory();
        var result = Train(dir.Path, Quick with { Lr = 1e3, WarmupEpochs = 0, Momentum = 0.99, Epochs = 2 });
        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Matches(@"loss is (NaN|infinite) at epoch \d, step \d+ of 10", result.Error);
    }

    [Fact]
    public void A_checkpoint_of_another_run_is_not_resumed()
    {
        using var dir = new TempDirectory();
        Train(dir.Path, Quick with { Epochs = 1 });
        var e = Assert.Throws<InvalidOperationException>(() => Train(dir.Path, Quick with { Epochs = 1, Lr = 0.2 }));
        Assert.Contains("the checkpoint is of another run (lr: 0.1 -> 0.2)", e.Message);
    }

    [Fact]
    public void A_truncated_checkpoint_is_an_error_naming_its_file()
    {
        using var dir = new TempDirectory();
        Train(dir.Path, Quick with { Epochs = 2 }, options: new TrainerOptions { StopAfterEpochs = 1 });
        var weights = Path.Combine(dir.Path, "checkpoint-e0001.safetensors");
        using (var f = new FileStream(weights, FileMode.Open)) f.SetLength(f.Length / 2);
        var e = Assert.Throws<InvalidDataException>(() => Train(dir.Path, Quick with { Epochs = 2 }));
        Assert.StartsWith($"{weights}: not a readable safetensors file", e.Message);
    }

    [Fact]
    public void Epochs_between_evaluations_have_no_test_metrics()
    {
        using var dir = new TempDirectory();
        var result = Train(dir.Path, Quick with { EvalInterval = 2 });
        Assert.Null(result.Epochs[0].TestTop1);
        Assert.NotNull(result.Epochs[1].TestTop1);
        Assert.NotNull(result.Epochs[2].TestTop1); // the last epoch always evaluates
    }
}
