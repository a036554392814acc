namespace Ablation.Experiments.Training.Detection;

/// <summary>An entry of an instances file's <c>categories</c> list.</summary>
public sealed record CocoCategory(long Id, string Name, string Supercategory = "");
