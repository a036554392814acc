namespace Ablation.Experiments.Data.Detection;

/// <summary>
/// How an image was placed in the square network input: scaled by (<see cref="ScaleX"/>, <see cref="ScaleY"/>)
/// (equal up to rounding of the new size) and shifted by the padding. Maps predicted boxes back to the
/// original image's pixels for COCO results.
/// </summary>
public readonly record struct LetterboxTransform(float ScaleX, float ScaleY, float PadX, float PadY)
{
    public static readonly LetterboxTransform Identity = new(1, 1, 0, 0);

    public (float X, float Y) ToOriginal(float x, float y) => ((x - PadX) / ScaleX, (y - PadY) / ScaleY);

    public (float X, float Y) ToInput(float x, float y) => (x * ScaleX + PadX, y * ScaleY + PadY);
}
