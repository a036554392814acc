using Ablation.Experiments.Training;
using Spectre.Console;

namespace Ablation.Harness.Cli;

/// <summary>
/// How `ablate train` shows a run: on a terminal a progress bar per epoch (loss, accuracy, images/s, ETA)
/// that stays as that epoch's line when it ends; otherwise (CI, files) plain lines: a start line, a few
/// progress lines per epoch and a line per epoch. Then a summary. With --json, everything but the JSON
/// object goes to stderr, so stdout holds the object alone.
/// </summary>
public sealed class TrainProgressReport : ITrainingObserver
{
    private readonly bool json;
    private readonly TextWriter lines;
    private readonly bool live;
    private ProgressContext? context;
    private ProgressTask? task;
    private RunInfo? info;
    private int lastReported;

    public TrainProgressReport(bool json)
    {
        this.json = json;
        lines = json ? Console.Error : Console.Out;
        live = !json && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
    }

    /// <summary>Runs <paramref name="train"/> with this report as its observer, then prints the summary.</summary>
    public RunResult Run(Func<ITrainingObserver, RunResult> train, string header)
    {
        lines.WriteLine(header);
        RunResult result;
        if (live)
        {
            result = null!;
            AnsiConsole.Progress()
                .AutoClear(false)
                .HideCompleted(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 12 },
                    new RemainingTimeColumn())
                .Start(ctx =>
                {
                    context = ctx;
                    result = train(this);
                });
        }
        else result = train(this);
        WriteSummary(result);
        return result;
    }

    public void OnStart(RunInfo run)
    {
        info = run;
        lines.WriteLine($"{run.TrainImages} training and {run.TestImages} test images, {run.StepsPerEpoch} steps per epoch, " +
                        $"{run.Params:N0} params, {run.Macs / 1e6:F1} MMACs per image, {run.Device}, {run.Threads} threads" +
                        (run.FirstEpoch > 1 ? $", resuming at epoch {run.FirstEpoch}" : ""));
    }

    public void OnStep(StepProgress p)
    {
        // A detector's steps have no score (mAP needs an evaluation), a classifier's the running top-1.
        var text = $"epoch {p.Epoch}/{p.Epochs}  loss {p.Loss:F4}{(p.Top1 is { } t ? $"  top1 {t:P2}" : "")}  {p.ImagesPerSecond:F0} img/s  lr {p.Lr:G3}";
        if (context is not null)
        {
            // Compact, so that it fits an 80-column terminal beside the bar.
            text = $"epoch {p.Epoch}/{p.Epochs} loss {p.Loss:F3}{(p.Top1 is { } c ? $" top1 {c:P1}" : "")} {p.ImagesPerSecond:F0} img/s";
            if (task is null || p.Step == 1)
                task = context.AddTask(Markup.Escape(text), maxValue: p.Steps);
            task.Description = Markup.Escape(text);
            task.Value = p.Step;
            return;
        }
        // Plain output: about five progress lines per epoch.
        int every = Math.Max(1, p.Steps / 5);
        if (p.Step == 1) lastReported = 0;
        if (p.Step - lastReported >= every && p.Step < p.Steps)
        {
            lastReported = p.Step;
            lines.WriteLine($"  step {p.Step}/{p.Steps}  {text}");
        }
    }

    public void OnEvaluate(int epoch)
    {
        if (task is not null) task.Description = Markup.Escape(task.Description + "  (evaluating)");
    }

    public void OnEpoch(EpochResult e)
    {
        var text = Describe(e);
        if (task is not null)
        {
            // The bar stays as the epoch's line, compact like the step text.
            text = e.Map is not null ? $"epoch {e.Epoch}/{info?.Epochs} loss {e.TrainLoss:F3} | mAP {e.Map:F3} mAP50 {e.Map50:F3}" :
                   $"epoch {e.Epoch}/{info?.Epochs} loss {e.TrainLoss:F3} top1 {e.TrainTop1:P1}" +
                   (e.TestTop1 is null ? "" : $" | test {e.TestLoss:F3} top1 {e.TestTop1:P1} top5 {e.TestTop5:P1}");
            task.Description = Markup.Escape(text);
            task.Value = task.MaxValue;
            task.StopTask();
            task = null;
            return;
        }
        lines.WriteLine(text);
    }

    private string Describe(EpochResult e) => e.Map is not null || e.TestTop1 is null && e.TrainTop1 == 0
        ? $"epoch {e.Epoch}/{info?.Epochs}  lr {e.Lr:G3}  train loss {e.TrainLoss:F4}" +
          (e.Map is null ? "" : $"  val mAP {e.Map:F4} mAP50 {e.Map50:F4} mAP75 {e.Map75:F4}") + $"  {e.TrainImagesPerSecond:F0} img/s  {e.Seconds:F1}s"
        : $"epoch {e.Epoch}/{info?.Epochs}  lr {e.Lr:G3}  train loss {e.TrainLoss:F4} top1 {e.TrainTop1:P2}" +
        (e.TestTop1 is null ? "" : $"  test loss {e.TestLoss:F4} top1 {e.TestTop1:P2} top5 {e.TestTop5:P2}") +
        $"  {e.TrainImagesPerSecond:F0} img/s  {e.Seconds:F1}s";

    private void WriteSummary(RunResult r)
    {
        var status = r.Status switch
        {
            RunStatus.Done => "done",
            RunStatus.Failed => $"FAILED: {r.Error}",
            _ => $"interrupted after epoch {r.EpochsDone}{(r.Error is null ? "" : $" ({r.Error})")}; continue with --resume",
        };
        lines.WriteLine(status);
        if (r.Task == "detection")
            lines.WriteLine($"mAP {Num(r.Map)}, mAP50 {Num(r.Map50)}, mAP75 {Num(r.Map75)} after {r.EpochsDone} epochs; " +
                            Throughput(r) +
                            $"peak memory {r.PeakMemoryBytes / 1048576.0:F0} MiB; {r.Params:N0} params, {r.Macs / 1e6:F1} MMACs; wall {r.WallSeconds:F1}s");
        else lines.WriteLine($"top-1 {Pct(r.Top1)} (best {Pct(r.BestTop1)}), top-5 {Pct(r.Top5)} after {r.EpochsDone} epochs; " +
                        Throughput(r) +
                        $"peak memory {r.PeakMemoryBytes / 1048576.0:F0} MiB; {r.Params:N0} params, {r.Macs / 1e6:F1} MMACs; wall {r.WallSeconds:F1}s");
        if (json) lines.Flush();
    }

    /// <summary>The benchmark's throughput when there is one (with its batch, steps and load), else wall time's, said so.</summary>
    private static string Throughput(RunResult r) => r.Benchmark is { } b
        ? $"train {b.TrainImgS:F0} img/s, inference {b.InferImgS:F0} img/s (benchmark: batch {b.Batch}, median of {b.Steps} steps, {b.Threads} threads, load {(b.LoadAvg is { } l ? l.ToString("F2") : "n/a")}); "
        : $"train {r.TrainImagesPerSecond:F0} img/s, inference {r.InferImagesPerSecond:F0} img/s (training wall time); ";

    private static string Num(double? v) => v is null ? "n/a" : v.Value.ToString("F4", System.Globalization.CultureInfo.InvariantCulture);

    private static string Pct(double? v) => v is null ? "n/a" : v.Value.ToString("P2");
}
