namespace Ablation.Experiments.Data.Detection;

/// <summary>A detection data set: its class names and a training and a validation split.</summary>
public sealed record DetectionDataset(string Name, IReadOnlyList<string> Names, IDetectionSource Train, IDetectionSource Val)
{
    public int Classes => Names.Count;
}
