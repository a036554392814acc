namespace Ablation.Experiments.Training;

/// <summary>
/// Throughput measured the honest way, at the end of a run: after training, the trained model runs a short
/// benchmark on one fixed batch — <see cref="WarmupSteps"/> untimed steps, then <see cref="Steps"/> timed
/// ones — and each of train and infer throughput is the <b>median</b> over the timed steps of
/// batch / step time. Training wall time (data loading, evaluation, a neighbour's job) does not enter it.
/// The trainer fills it (<see cref="RunResult.Benchmark"/>); the worker records it in the store's
/// <c>train_img_s</c>, <c>infer_img_s</c>, <c>load_avg</c>, <c>bench_batch</c>, <c>bench_steps</c> and
/// <c>bench_threads</c> with <c>throughput_method = 'bench'</c>.
/// </summary>
/// <param name="TrainImgS">median over the timed training steps (forward, backward, optimizer step) of images per second.</param>
/// <param name="InferImgS">median over the timed eval-mode forward passes (inference mode) of images per second.</param>
/// <param name="Batch">the fixed batch size of every step (never reduced for a last partial batch).</param>
/// <param name="Steps">timed steps of each kind.</param>
/// <param name="WarmupSteps">untimed steps before them (allocator, caches, lazy initialisation).</param>
/// <param name="Threads">CPU threads libtorch used (torch.get_num_threads()).</param>
/// <param name="LoadAvg">the 1-minute load average just before the benchmark (<see cref="LoadAverage.OneMinute"/>); null where the OS has none.</param>
public sealed record ThroughputBenchmark(
    double TrainImgS,
    double InferImgS,
    int Batch,
    int Steps,
    int WarmupSteps,
    int Threads,
    double? LoadAvg);
