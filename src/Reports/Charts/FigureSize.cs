namespace Ablation.Reports.Charts;

/// <summary>
/// A figure's size in CSS pixels (96 per inch): the SVG's size and the layout's. A PNG at d dots per inch
/// is the same layout scaled by d / 96, so 640 x 420 at 150 dpi is 1000 x 656 pixels, 6.67 x 4.38 inches.
/// </summary>
public readonly record struct FigureSize(int Width, int Height)
{
    public const double CssPixelsPerInch = 96;

    public static readonly FigureSize Wide = new(640, 420);
    public static readonly FigureSize Small = new(420, 330);

    public (int Width, int Height) PixelsAt(int dpi) =>
        ((int)Math.Round(Width * dpi / CssPixelsPerInch, MidpointRounding.AwayFromZero),
         (int)Math.Round(Height * dpi / CssPixelsPerInch, MidpointRounding.AwayFromZero));
}
