namespace Ablation.Experiments.Training;

/// <summary>Progress inside an epoch, for progress bars: step (1-based) of steps, running means so far.</summary>
public sealed record StepProgress(int Epoch, int Epochs, int Step, int Steps, double Loss, double? Top1, double ImagesPerSecond, double Lr);
