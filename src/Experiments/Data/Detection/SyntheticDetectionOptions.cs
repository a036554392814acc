namespace Ablation.Experiments.Data.Detection;

/// <summary>
/// The synthetic detection set's options: <see cref="Count"/> images of <see cref="ImageSize"/>² pixels with
/// <see cref="MinObjects"/>..<see cref="MaxObjects"/> objects of <see cref="Classes"/> classes each. The defaults
/// are the learning target of issue 13: 3 classes, 1-3 objects per 128x128 image, 500 images.
/// </summary>
public sealed record SyntheticDetectionOptions(int Count = 500, int ImageSize = 128, int Classes = 3,
    int MinObjects = 1, int MaxObjects = 3, ulong Seed = 0)
{
    public void Validate()
    {
        if (Count < 1) throw new ArgumentException($"synthetic detection: count {Count}, allowed: 1 or more");
        if (ImageSize < 32 || ImageSize > 4096) throw new ArgumentException($"synthetic detection: image size {ImageSize}, allowed: 32..4096");
        if (Classes < 1 || Classes > SyntheticShapes.MaxClasses)
            throw new ArgumentException($"synthetic detection: classes {Classes}, allowed: 1..{SyntheticShapes.MaxClasses}");
        if (MinObjects < 0 || MaxObjects < MinObjects || MaxObjects > 20)
            throw new ArgumentException($"synthetic detection: objects {MinObjects}..{MaxObjects}, allowed: 0 <= min <= max <= 20");
    }
}
