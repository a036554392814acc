namespace Ablation.Experiments.Training.Detection;

/// <summary>
/// An object-size bucket of the COCO evaluation, on the annotation's area in pixels, both ends inclusive:
/// all [0, 1e10], small [0, 32²], medium [32², 96²], large [96², 1e10] (pycocotools' Params.areaRng).
/// </summary>
public sealed record AreaRange(string Label, double Min, double Max)
{
    public static readonly AreaRange All = new("all", 0, 1e10);
    public static readonly AreaRange Small = new("small", 0, 32 * 32);
    public static readonly AreaRange Medium = new("medium", 32 * 32, 96 * 96);
    public static readonly AreaRange Large = new("large", 96 * 96, 1e10);

    public bool Contains(double area) => !(area < Min || area > Max);
}
