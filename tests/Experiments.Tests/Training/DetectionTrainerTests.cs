using Ablation.Experiments.Attention;
using Ablation.Experiments.Data;
using Ablation.Experiments.Data.Detection;
using Ablation.Experiments.Detectors;
using Ablation.Experiments.Training;
using Ablation.Experiments.Training.Detection;
using TorchSharp;
using static TorchSharp.torch;
using Xunit;

namespace Ablation.Experiments.Tests.Training;

[Collection(GlobalGeneratorCollection.Name)]
public class DetectionTrainerTests
{
    private static readonly DatasetSpec Spec = new("shapes", null, new Dictionary<string, string>
    {
        ["count"] = "8", ["val"] = "4", ["image"] = "64", ["classes"] = "3",
    });

    private static readonly DetectionDataset Data = DetectionDatasets.Load(Spec);

    private static readonly DetectionRecipe Quick = new() { Epochs = 2, Batch = 4, ImgSize = 64, CloseMosaic = 1 };

    private static readonly DetectorSpec Yolo = new("yolov5n", new AttentionSpec("eca"), DetectorPlacement.BackboneEnd);

    private static RunResult Train(string dir, TrainerOptions? options = null) =>
        new DetectionTrainer(Yolo, Spec, Quick, seed: 3, dir, null, options, Data).Run();

    private static string TempDir() => Directory.CreateTempSubdirectory("ablation-dettrain-").FullName;

    [Fact]
    public void A_run_evaluates_each_epoch_and_writes_coco_files_and_a_checkpoint()
    {
        var dir = TempDir();
        var r = Train(dir);
        Assert.Equal(RunStatus.Done, r.Status);
        Assert.Equal("detection", r.Task);
        Assert.Equal(2, r.EpochsDone);
        Assert.All(r.Epochs, e => Assert.InRange(e.Map!.Value, 0, 1));
        Assert.Equal(r.Epochs[^1].Map, r.Map);
        Assert.Equal(3, r.Coco!.PerClass.Count);
        Assert.True(r.Params > 1_000_000 && r.Macs > 0);
        var truth = CocoJson.ReadInstances(Path.Combine(dir, DetectionTrainer.LabelsFile));
        Assert.Equal(4, truth.Images.Count);
        // The written files evaluate to the run's own figure.
        var dets = CocoJson.ReadResults(Path.Combine(dir, DetectionTrainer.DetectionsFile), truth);
        Assert.Equal(r.Map!.Value, new CocoEvaluator().Evaluate(truth, dets).Summarize().Map, 6);
        Assert.True(Checkpoint.Exists(dir));
        var (state, tensors) = Checkpoint.Load(dir);
        Assert.Equal(2, state.Epoch);
        Assert.Contains(tensors.Keys, k => k.StartsWith("ema.model.24.", StringComparison.Ordinal));
        Assert.Contains("optimizer.param_groups.2.lr", tensors.Keys);
        foreach (var t in tensors.Values) t.Dispose();
    }

    [Fact]
    public void A_resumed_run_ends_as_an_uninterrupted_one()
    {
        var whole = Train(TempDir());
        var dir = TempDir();
        var first = Train(dir, new TrainerOptions { StopAfterEpochs = 1 });
        Assert.Equal(RunStatus.Interrupted, first.Status);
        Assert.Equal(1, first.EpochsDone);
        var resumed = Train(dir);
        Assert.Equal(RunStatus.Done, resumed.Status);
        Assert.Equal(whole.Epochs.Select(e => e.TrainLoss), resumed.Epochs.Select(e => e.TrainLoss));
        Assert.Equal(whole.Map, resumed.Map);
    }

    [Fact]
    public void A_finished_run_resumed_again_reports_the_same_per_class_ap()
    {
        var dir = TempDir();
        var done = Train(dir);
        var again = Train(dir); // as a worker killed after its last checkpoint, before its result, is rerun
        Assert.Equal(RunStatus.Done, again.Status);
        Assert.Equal(done.Map, again.Map);
        Assert.NotNull(again.Coco);
        Assert.Equal(done.Coco!.Map, again.Coco!.Map);
        Assert.Equal(done.Coco.PerClass.Select(c => (c.Name, c.Ap)), again.Coco.PerClass.Select(c => (c.Name, c.Ap)));
    }

    [Fact]
    public void A_nan_loss_fails_the_run_naming_epoch_and_step()
    {
        var r = Train(TempDir(), new TrainerOptions { InjectNaNLossAt = (2, 1) });
        Assert.Equal(RunStatus.Failed, r.Status);
        Assert.StartsWith("loss is NaN at epoch 2, step 1 of 2", r.Error);
        Assert.Equal(1, r.EpochsDone);
    }

    [Fact]
    public void The_optimizer_has_train_py_three_groups()
    {
        using var model = (nn.Module<Tensor, Tensor>)DetectorFactory.Create(Yolo with { Classes = 3 });
        using var opt = new DetectionOptimizer(model, new DetectionRecipe { Batch = 16 });
        var all = model.named_parameters().ToList();
        int biases = all.Count(p => p.name.EndsWith(".bias", StringComparison.Ordinal));
        int bnWeights = all.Count(p => p.name.EndsWith(".bn.weight", StringComparison.Ordinal));
        Assert.Equal(new[] { biases, all.Count - biases - bnWeights, bnWeights }, opt.GroupSizes);
        var sd = opt.State();
        Assert.Equal(0.0, sd["param_groups.0.weight_decay"].item<double>());
        Assert.Equal(5e-4, sd["param_groups.1.weight_decay"].item<double>(), 12);
        Assert.Equal(0.0, sd["param_groups.2.weight_decay"].item<double>());
    }

    /// <summary>
    /// YOLOX-s (narrow, 64 px) trains with its SimOTA loss and YOLOX's recipe: two epochs, the second with mosaic
    /// closed and the L1 term on; it evaluates, and the checkpoint holds the EMA head.
    /// </summary>
    [Fact]
    public void Yolox_trains_with_its_own_loss_and_recipe()
    {
        var dir = TempDir();
        var recipe = DetectionRecipe.Preset("yolox-small") with { Epochs = 2, Batch = 4, ImgSize = 64, CloseMosaic = 1 };
        var spec = new DetectorSpec("yolox-s", new AttentionSpec("se"), DetectorPlacement.NeckIn, Width: 0.125);
        var r = new DetectionTrainer(spec, Spec, recipe, seed: 1, dir, null, null, Data).Run();
        Assert.Equal(RunStatus.Done, r.Status);
        Assert.Equal(2, r.EpochsDone);
        Assert.All(r.Epochs, e => Assert.True(double.IsFinite(e.TrainLoss) && e.TrainLoss > 0));
        Assert.All(r.Epochs, e => Assert.InRange(e.Map!.Value, 0, 1));
        var (_, tensors) = Checkpoint.Load(dir);
        Assert.Contains(tensors.Keys, k => k.StartsWith("ema.head.cls_preds.", StringComparison.Ordinal));
        Assert.Contains(tensors.Keys, k => k.Contains(".attn.", StringComparison.Ordinal));
        foreach (var t in tensors.Values) t.Dispose();
    }
}
