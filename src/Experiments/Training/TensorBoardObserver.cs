using TorchSharp;
using SummaryWriter = TorchSharp.Modules.SummaryWriter;

namespace Ablation.Experiments.Training;

/// <summary>
/// Writes a run's curves as TensorBoard event files with TorchSharp's
/// <c>torch.utils.tensorboard.SummaryWriter</c>, one point per epoch (step = epoch, counted from 1): tags
/// <see cref="Tags"/>, accuracies and mAP as fractions like the results store. A log directory is one TensorBoard
/// run (TensorBoard names a run by the directory's path below <c>--logdir</c>).
/// <para>
/// No point is written twice: a run that starts at epoch 1 deletes the event files a previous attempt left
/// (its points are of a run that no longer exists), and a resumed run writes only the epochs after its
/// checkpoint into a new event file beside the old ones (TensorBoard reads all files of a directory as
/// one run). TorchSharp's writer opens, appends and flushes the file on every point, so a kill loses nothing
/// already reported.
/// </para>
/// </summary>
public sealed class TensorBoardObserver(string logDirectory) : ITrainingObserver
{
    public static class Tags
    {
        public const string TrainLoss = "train/loss", TrainTop1 = "train/top1", TrainImgS = "train/img_s";
        public const string TestLoss = "test/loss", TestTop1 = "test/top1", TestTop5 = "test/top5";
        public const string Lr = "lr";
        /// <summary>A detector's COCO bbox mAP on the val split (0.5:0.95, 0.5, 0.75), fractions.</summary>
        public const string ValMap = "val/map", ValMap50 = "val/map50", ValMap75 = "val/map75";
        /// <summary>The end-of-run benchmark (<see cref="ThroughputBenchmark"/>), one point at the last epoch.</summary>
        public const string BenchTrainImgS = "bench/train_img_s", BenchInferImgS = "bench/infer_img_s";
    }

    /// <summary>The file names TensorBoard reads (tensorboard/backend/event_processing/io_wrapper.py: "tfevents" in the name).</summary>
    public const string EventFilePattern = "events.out.tfevents.*";

    private SummaryWriter? writer;

    public string LogDirectory { get; } = logDirectory;

    public void OnStart(RunInfo info)
    {
        if (info.FirstEpoch <= 1 && Directory.Exists(LogDirectory))
            foreach (var stale in Directory.GetFiles(LogDirectory, EventFilePattern)) File.Delete(stale);
        writer = torch.utils.tensorboard.SummaryWriter(LogDirectory);
    }

    private int lastEpochWritten;

    public void OnEpoch(EpochResult e)
    {
        var w = writer ?? throw new InvalidOperationException("TensorBoardObserver: OnEpoch before OnStart");
        lastEpochWritten = e.Epoch;
        Add(w, Tags.TrainLoss, e.TrainLoss, e.Epoch);
        bool detection = e.Map is not null || e.Map50 is not null;
        if (!detection) Add(w, Tags.TrainTop1, e.TrainTop1, e.Epoch); // a detector has no training accuracy
        Add(w, Tags.ValMap, e.Map, e.Epoch);
        Add(w, Tags.ValMap50, e.Map50, e.Epoch);
        Add(w, Tags.ValMap75, e.Map75, e.Epoch);
        Add(w, Tags.TestLoss, e.TestLoss, e.Epoch);
        Add(w, Tags.TestTop1, e.TestTop1, e.Epoch);
        Add(w, Tags.TestTop5, e.TestTop5, e.Epoch);
        Add(w, Tags.Lr, e.Lr, e.Epoch);
        Add(w, Tags.TrainImgS, e.TrainImagesPerSecond, e.Epoch);
    }

    /// <summary>
    /// The end-of-run benchmark's throughput as one point each at <paramref name="epoch"/> (the run's last),
    /// written only by the process that wrote that epoch: resuming a finished run draws no second point.
    /// </summary>
    public void OnBenchmark(ThroughputBenchmark b, int epoch)
    {
        if (writer is not { } w || epoch != lastEpochWritten) return;
        Add(w, Tags.BenchTrainImgS, b.TrainImgS, epoch);
        Add(w, Tags.BenchInferImgS, b.InferImgS, epoch);
    }

    /// <summary>A value that is missing (an epoch without evaluation) or not finite (a diverging loss) is not drawn.</summary>
    private static void Add(SummaryWriter w, string tag, double? value, int step)
    {
        if (value is { } v && double.IsFinite(v)) w.add_scalar(tag, (float)v, step);
    }
}
