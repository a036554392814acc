using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Ablation.Experiments.Training;
using Ablation.Harness.Runs;
using Ablation.Harness.Store;
using Ablation.Reports.Schema;
using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using TrainStatus = Ablation.Experiments.Training.RunStatus;
using StoreStatus = Ablation.Reports.Schema.RunStatus;

namespace Ablation.Harness.Worker;

/// <summary>
/// The body of `ablate worker`: trains one run in this process and records it. Holds the run's lock for its
/// whole life (a second worker for the same run exits with <see cref="WorkerExit.Busy"/>). Order of writes,
/// chosen so a kill at any instant loses at most the current epoch and never records anything twice:
/// the trainer writes the epoch's checkpoint; then the epoch is appended to metrics.jsonl; then it is upserted
/// in the store (keyed by run and epoch). At the end result.json is written atomically, then the store row.
/// SIGINT/SIGTERM ask the trainer to stop after a checkpoint; the run is then recorded as interrupted.
/// </summary>
public sealed class WorkerHost(IRunTrainer trainer)
{
    private const int PrSetPdeathsig = 1, SigTerm = 15;

    /// <param name="lease">
    /// Set when a cluster scheduler started this worker (a Slurm array task): it claims the run in the store
    /// before anything is written, names the signals that mean "checkpoint and stop" (USR2 before a time
    /// limit or preemption), and acts once the run is recorded (requeues the task).
    /// </param>
    public int Run(string runDir, string storeLocation, string device, int threads, IWorkerLease? lease = null)
    {
        var dir = new RunDirectory(runDir);
        if (!File.Exists(dir.SpecFile))
        {
            Console.Error.WriteLine($"{dir.SpecFile}: no run spec here (the scheduler writes it); allowed: a run folder results/<experiment>/<run-id>");
            return WorkerExit.BadInput;
        }
        var spec = dir.ReadSpec();
        using var runLock = dir.TryLock();
        if (runLock is null)
        {
            Console.Error.WriteLine($"run {spec.ShortId}: another process is running it; skipped");
            return WorkerExit.Busy;
        }
        // If the scheduler dies (even by kill -9), the kernel sends us SIGTERM: we checkpoint and stop.
        if (OperatingSystem.IsLinux()) Prctl(PrSetPdeathsig, SigTerm);

        using var stop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => { ctx.Cancel = true; RequestStop(stop); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; RequestStop(stop); });
        var leaseSignals = (lease?.StopSignals ?? []).Select(signal => PosixSignalRegistration.Create(signal, ctx =>
        {
            ctx.Cancel = true;
            lease!.StopSignalled(signal);
            RequestStop(stop);
        })).ToList();
        using var leaseSignalsScope = new CompositeDisposable(leaseSignals);

        var faults = FaultInjection.FromEnvironment();
        using var store = ResultStores.Open(storeLocation, PostgresResultStore.RetryFor);   // a worker waits for a restarting database
        if (lease?.Claim(spec, dir, store) is { } refused) return refused;
        dir.ClearResult();
        Directory.CreateDirectory(dir.CheckpointDir);
        var started = DateTimeOffset.UtcNow;
        var engine = TorchRuntime.EngineDescription(TorchRuntime.ParseDevice(device),
            channelsLastBatches: Ablation.Experiments.Detectors.DetectorRegistry.IsDetector(spec.Backbone));
        var code = CodeVersion.Current;
        store.Update(spec.RunId, old => (old ?? RunRecords.FromSpec(spec, StoreStatus.Running)) with
        {
            Status = StoreStatus.Running, Device = device, StartedAt = old?.StartedAt ?? started, FinishedAt = null,
            Error = null, Engine = engine, CodeVersion = code,
        });
        Console.WriteLine($"run {spec.ShortId} ({spec.Backbone} + {spec.Attention} @ {spec.Placement}, {spec.Dataset}, seed {spec.Seed}) on {device}, {threads} threads, code {code}");

        var observer = new RecordingObserver(spec, dir, store, faults);
        RunResult result;
        var watch = Stopwatch.StartNew();
        try
        {
            result = trainer.Train(spec, dir, device, threads, observer, stop.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine(e.ToString());
            result = new RunResult { Status = TrainStatus.Failed, Error = Reason(e), Epochs = observer.Epochs };
        }
        catch (OutOfMemoryException e)
        {
            result = new RunResult { Status = TrainStatus.Failed, Error = "out of memory: " + e.Message, Epochs = observer.Epochs };
        }

        var status = result.Status switch
        {
            TrainStatus.Done => StoreStatus.Done,
            TrainStatus.Interrupted => StoreStatus.Interrupted,
            _ => StoreStatus.Failed,
        };
        var epochs = result.Epochs.Select(e => ToRecord(spec.RunId, e)).ToList();
        var final = (store.GetRun(spec.RunId) ?? RunRecords.FromSpec(spec, status)) with
        {
            Status = status, Device = device, FinishedAt = DateTimeOffset.UtcNow,
            Error = status == StoreStatus.Failed ? Diverged(result.Error) ?? "failed" : null,
            Params = result.Params > 0 ? result.Params : observer.Params, Macs = result.Macs > 0 ? result.Macs : observer.Macs,
            PeakMemBytes = result.PeakMemoryBytes > 0 ? result.PeakMemoryBytes : null,
            TrainImgS = result.TrainImagesPerSecond > 0 ? F(result.TrainImagesPerSecond) : null,
            InferImgS = result.InferImagesPerSecond > 0 ? F(result.InferImagesPerSecond) : null,
            ThroughputMethod = result.TrainImagesPerSecond > 0 || result.InferImagesPerSecond > 0 ? ThroughputMethods.Wall : null,
            LoadAvg = LoadAverage.OneMinute(),
            Top1 = F(result.Top1), Top5 = F(result.Top5), BestTop1 = F(result.BestTop1),
            EpochsDone = Math.Max(result.EpochsDone, epochs.Count == 0 ? 0 : epochs.Max(e => e.Epoch)),
            WallS = result.WallSeconds > 0 ? result.WallSeconds : watch.Elapsed.TotalSeconds,
            // What peak_mem_bytes measured (vmhwm: the worker's peak resident set; nvml: GPU memory it held), so a
            // report can say it; the engine column is where the run's measurement environment is recorded.
            Engine = result.PeakMemorySource is { } source ? $"{engine}; peak memory: {source}" : engine, CodeVersion = code,
            Task = result.Task, Map = F(result.Map), Map50 = F(result.Map50), Map75 = F(result.Map75),
            PerClassAp = result.Coco is null ? null : System.Text.Json.Nodes.JsonNode.Parse(result.Coco.ToJson())!["per_class"]!.ToJsonString(),
        };
        if (result.Benchmark is { } bench) final = WithBenchmark(final, bench);
        if (final.Error is { } err && status == StoreStatus.Failed) final = final with { Error = err + Tail(dir) };
        dir.WriteResult(RunRecords.ResultJson(final, epochs));          // the source of truth first
        store.Update(spec.RunId, _ => final, epochs);                     // then the store
        WorkerProtocol.Emit(new JsonObject { ["event"] = "end", ["status"] = status, ["error"] = final.Error });
        Console.WriteLine($"run {spec.ShortId}: {status}" + (final.Error is null ? "" : $": {final.Error.Split('\n')[0]}"));
        lease?.Recorded(spec, status);
        return status switch
        {
            StoreStatus.Done => WorkerExit.Done,
            StoreStatus.Interrupted => WorkerExit.Interrupted,
            _ => WorkerExit.Failed,
        };
    }

    /// <summary>The trainer's reason, named divergence when the loss stopped being finite.</summary>
    private static string? Diverged(string? error) =>
        error is not null && (error.Contains("NaN", StringComparison.Ordinal) || error.Contains("infinite", StringComparison.Ordinal))
            ? "diverged: " + error : error;

    /// <summary>How long a stop request may take before the worker kills itself (a hung step must not outlive its sweep).</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(120);

    private static void RequestStop(CancellationTokenSource stop)
    {
        if (stop.IsCancellationRequested) return;
        Console.WriteLine("stop requested: checkpointing and stopping");
        stop.Cancel();
        // The trainer stops at its next step; if it never gets there (a hang), end the process: the run stays
        // resumable (its lock dies with us, the next sweep sees it as interrupted).
        new Thread(() =>
        {
            Thread.Sleep(StopGrace);
            Console.Error.WriteLine($"stop request not honoured within {StopGrace.TotalSeconds:0} s: killing this worker");
            Console.Error.Flush();
            Kill(Environment.ProcessId, 9);
        }) { IsBackground = true }.Start();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private sealed class CompositeDisposable(IEnumerable<IDisposable> items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items) item.Dispose();
        }
    }

    /// <summary>A failure's reason in one line: out-of-memory and divergence named as such.</summary>
    public static string Reason(Exception e)
    {
        var message = e.Message.Split('\n')[0];
        if (message.Contains("out of memory", StringComparison.OrdinalIgnoreCase) || e is InsufficientExecutionStackException)
            return "out of memory: " + message;
        return $"{e.GetType().Name}: {message}";
    }

    /// <summary>The end of the log so far, for the error column (the worker's own lines are not in log.txt yet).</summary>
    private static string Tail(RunDirectory dir)
    {
        var tail = dir.LogTail(8);
        return tail.Length == 0 ? "" : "\n--- log tail ---\n" + tail;
    }

    /// <summary>An epoch as a store row; a non-finite value (a diverging run's loss) is recorded as unknown (null).</summary>
    public static EpochRecord ToRecord(string runId, EpochResult e) =>
        new(runId, e.Epoch, F(e.Lr), F(e.TrainLoss), F(e.TrainTop1), F(e.TestLoss), F(e.TestTop1), F(e.TestTop5), F(e.Seconds),
            F(e.Map), F(e.Map50), F(e.Map75));

    private static double? F(double? v) => v is { } d && double.IsFinite(d) ? d : null;

    /// <summary>
    /// The row with the trainer's end-of-run benchmark (<see cref="ThroughputBenchmark"/>) as its throughput:
    /// method <c>bench</c>, the load average taken before it, its batch, timed steps and threads. A figure the
    /// benchmark could not measure (not positive, not finite) keeps the wall-time one.
    /// </summary>
    internal static RunRecord WithBenchmark(RunRecord row, ThroughputBenchmark b) => row with
    {
        TrainImgS = b.TrainImgS > 0 ? F(b.TrainImgS) ?? row.TrainImgS : row.TrainImgS,
        InferImgS = b.InferImgS > 0 ? F(b.InferImgS) ?? row.InferImgS : row.InferImgS,
        ThroughputMethod = ThroughputMethods.Bench,
        LoadAvg = F(b.LoadAvg) ?? row.LoadAvg,
        BenchBatch = b.Batch,
        BenchSteps = b.Steps,
        BenchThreads = b.Threads,
    };

    [DllImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static extern int Prctl(int option, ulong arg2);

    /// <summary>Records each epoch as the trainer reports it (its checkpoint is already on disk) and reports progress.</summary>
    private sealed class RecordingObserver(RunSpec spec, RunDirectory dir, IResultStore store, IReadOnlyList<FaultInjection> faults) : ITrainingObserver
    {
        /// <summary>A detector has no training accuracy; between evaluations its epochs carry no score at all.</summary>
        private readonly bool detection = Ablation.Experiments.Detectors.DetectorRegistry.IsDetector(spec.Backbone);

        private long _lastStep;
        public List<EpochResult> Epochs { get; } = [];
        public long? Params { get; private set; }
        public long? Macs { get; private set; }

        public void OnStart(RunInfo info)
        {
            Params = info.Params > 0 ? info.Params : null;
            Macs = info.Macs > 0 ? info.Macs : null;
            store.Update(spec.RunId, old => old is null ? null : old with { Params = Params ?? old.Params, Macs = Macs ?? old.Macs });
            if (info.FirstEpoch > info.Epochs) Console.WriteLine($"all {info.Epochs} epochs are in the checkpoint; finishing the run from it");
            else if (info.FirstEpoch > 1) Console.WriteLine($"resuming at epoch {info.FirstEpoch} of {info.Epochs}");
            WorkerProtocol.Emit(new JsonObject
            {
                ["event"] = "start", ["first_epoch"] = info.FirstEpoch, ["epochs"] = info.Epochs, ["steps"] = info.StepsPerEpoch,
                ["params"] = info.Params, ["macs"] = info.Macs,
            });
        }

        public void OnStep(StepProgress p)
        {
            long now = Environment.TickCount64;
            if (now - _lastStep < 500 && p.Step != p.Steps) return;
            _lastStep = now;
            WorkerProtocol.Emit(new JsonObject
            {
                ["event"] = "step", ["epoch"] = p.Epoch, ["epochs"] = p.Epochs, ["step"] = p.Step, ["steps"] = p.Steps,
                ["loss"] = Finite(p.Loss), ["top1"] = Finite(p.Top1), ["img_s"] = Finite(p.ImagesPerSecond), // top1: null for a detector
            });
        }

        public void OnEpoch(EpochResult e)
        {
            FaultInjection.At(faults, spec.RunId, e.Epoch, dir.Path);
            Epochs.Add(e);
            var record = ToRecord(spec.RunId, e);
            dir.AppendMetrics(RunRecords.EpochJson(record));
            store.Update(spec.RunId, old => old is null ? null : old with
            {
                EpochsDone = Math.Max(old.EpochsDone, e.Epoch),
                Top1 = e.TestTop1 ?? old.Top1, Top5 = e.TestTop5 ?? old.Top5,
                BestTop1 = Max(old.BestTop1, e.TestTop1),
                Map = e.Map ?? old.Map, Map50 = e.Map50 ?? old.Map50, Map75 = e.Map75 ?? old.Map75,
            }, [record]);
            Console.WriteLine(e.Map is { } map
                ? $"epoch {e.Epoch}: loss {e.TrainLoss:F4} val mAP {map:F4} mAP50 {e.Map50:F4} ({e.Seconds:F1} s, {e.TrainImagesPerSecond:F0} img/s)"
                : detection ? $"epoch {e.Epoch}: loss {e.TrainLoss:F4} (not evaluated; {e.Seconds:F1} s, {e.TrainImagesPerSecond:F0} img/s)"
                : $"epoch {e.Epoch}: loss {e.TrainLoss:F4} train top1 {e.TrainTop1:P1}" +
                  (e.TestTop1 is { } t ? $" test top1 {t:P2}" : "") + $" ({e.Seconds:F1} s, {e.TrainImagesPerSecond:F0} img/s)");
            WorkerProtocol.Emit(new JsonObject
            {
                ["event"] = "epoch", ["epoch"] = e.Epoch, ["loss"] = Finite(e.TrainLoss), ["top1"] = detection ? null : Finite(e.TestTop1 ?? e.TrainTop1), ["map"] = Finite(e.Map),
                ["img_s"] = Finite(e.TrainImagesPerSecond),
            });
        }

        private static double? Max(double? a, double? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
        private static double? Finite(double? v) => v is { } d && double.IsFinite(d) ? d : null;
    }
}
