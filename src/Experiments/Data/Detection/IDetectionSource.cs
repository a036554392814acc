namespace Ablation.Experiments.Data.Detection;

/// <summary>
/// One split of a detection data set: images loaded on demand by index (from files, or generated), so a
/// large set is never held decoded in memory. <see cref="Load"/> must be safe to call from several threads.
/// </summary>
public interface IDetectionSource
{
    int Count { get; }

    /// <summary>Class names; a box's class is an index into this list.</summary>
    IReadOnlyList<string> Names { get; }

    DetectionSample Load(int index);

    /// <summary>The image's objects (without decoding it where the source can).</summary>
    IReadOnlyList<LabelBox> Labels(int index);

    /// <summary>The image's width and height without decoding it (for the ground truth of an evaluation).</summary>
    (int Width, int Height) ImageSize(int index);

    /// <summary>A name for the image in messages and COCO files (its file name, or a generated one).</summary>
    string ImageName(int index);
}
