namespace Ablation.Experiments.Training;

/// <summary>
/// What a trainer reports while it runs: the CLI draws progress bars from it, the harness's worker writes
/// epochs to the results store. Called on the training thread; every method is optional.
/// </summary>
public interface ITrainingObserver
{
    /// <summary>A run starts (or resumes: <paramref name="firstEpoch"/> &gt; 1) with these totals.</summary>
    void OnStart(RunInfo info) { }

    void OnStep(StepProgress progress) { }

    /// <summary>An epoch ended and its checkpoint is on disk.</summary>
    void OnEpoch(EpochResult epoch) { }

    /// <summary>Evaluation of the test split is running (it is not part of the training steps).</summary>
    void OnEvaluate(int epoch) { }
}

/// <summary>Facts about a run known before its first step.</summary>
public sealed record RunInfo(int FirstEpoch, int Epochs, int StepsPerEpoch, int TrainImages, int TestImages,
    long Params, long Macs, string Device, int Threads);
