using Ablation.Experiments.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Ablation.Experiments.Training;

/// <summary>How a trainer runs (not what it trains: that is the model, data set, recipe and seed).</summary>
public sealed record TrainerOptions
{
    public Device Device { get; init; } = torch.CPU;

    /// <summary>Background threads preparing batches (the batch stream does not depend on it).</summary>
    public int DataThreads { get; init; } = 1;

    /// <summary>Continue from the output directory's checkpoint when there is one (otherwise start over).</summary>
    public bool Resume { get; init; } = true;

    /// <summary>Batch size of evaluation (it does not change the results).</summary>
    public int EvalBatch { get; init; } = 256;

    /// <summary>An already loaded data set (it must be the one the dataset spec names): saves loading it twice.</summary>
    public Dataset? Data { get; init; }

    /// <summary>Test hook: stop the run as if epoch/step (1-based) produced a loss of NaN.</summary>
    internal (int Epoch, int Step)? InjectNaNLossAt { get; init; }

    /// <summary>Test hook: stop (as interrupted) after this many epochs of this process, as a kill would.</summary>
    internal int? StopAfterEpochs { get; init; }
}
