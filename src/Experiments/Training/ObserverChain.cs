namespace Ablation.Experiments.Training;

/// <summary>Several observers of one run (progress bars, the results store, TensorBoard), called in order.</summary>
public sealed class ObserverChain(params ITrainingObserver[] observers) : ITrainingObserver
{
    public void OnStart(RunInfo info) { foreach (var o in observers) o.OnStart(info); }
    public void OnStep(StepProgress progress) { foreach (var o in observers) o.OnStep(progress); }
    public void OnEpoch(EpochResult epoch) { foreach (var o in observers) o.OnEpoch(epoch); }
    public void OnEvaluate(int epoch) { foreach (var o in observers) o.OnEvaluate(epoch); }
}
