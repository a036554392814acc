namespace Ablation.Experiments.Training.Detection;

/// <summary>An entry of an instances file's <c>images</c> list.</summary>
public sealed record CocoImage(long Id, string FileName = "", int Width = 0, int Height = 0);
