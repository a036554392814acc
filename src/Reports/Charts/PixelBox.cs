namespace Ablation.Reports.Charts;

/// <summary>An axis-aligned rectangle in figure pixels (y grows downwards, as on screen).</summary>
public readonly record struct PixelBox(double Left, double Top, double Width, double Height)
{
    public double Right => Left + Width;
    public double Bottom => Top + Height;

    /// <summary>A square of side 2 * <paramref name="radius"/> around a point: a marker as an obstacle.</summary>
    public static PixelBox Around(double x, double y, double radius) => new(x - radius, y - radius, 2 * radius, 2 * radius);

    /// <summary>True when the interiors share any area (touching edges do not count).</summary>
    public bool Overlaps(PixelBox o) => Left < o.Right && o.Left < Right && Top < o.Bottom && o.Top < Bottom;

    public bool Inside(PixelBox o) => Left >= o.Left && Right <= o.Right && Top >= o.Top && Bottom <= o.Bottom;

    /// <summary>The area both boxes cover (0 when they do not overlap).</summary>
    public double OverlapArea(PixelBox o) =>
        Math.Max(0, Math.Min(Right, o.Right) - Math.Max(Left, o.Left)) * Math.Max(0, Math.Min(Bottom, o.Bottom) - Math.Max(Top, o.Top));
}
