namespace Ablation.Experiments.Data.Detection;

/// <summary>An object's box as corners in pixels (x1, y1, x2, y2), the form the augmentation transforms.</summary>
public readonly record struct PixelBox(int Class, float X1, float Y1, float X2, float Y2)
{
    public float Width => X2 - X1;
    public float Height => Y2 - Y1;

    public static PixelBox FromLabel(LabelBox b, float width, float height) =>
        new(b.Class, (b.Cx - b.W / 2) * width, (b.Cy - b.H / 2) * height, (b.Cx + b.W / 2) * width, (b.Cy + b.H / 2) * height);

    public PixelBox Clip(float width, float height) =>
        new(Class, Math.Clamp(X1, 0, width), Math.Clamp(Y1, 0, height), Math.Clamp(X2, 0, width), Math.Clamp(Y2, 0, height));
}
