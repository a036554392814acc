using SkiaSharp;

namespace Ablation.Experiments.Data.Detection;

/// <summary>
/// Resampling through Skia: an affine map of an image onto a canvas of a given size, bilinear (trilinear
/// with mipmaps when shrinking, so a large downscale does not alias), with uncovered pixels grey 114 as
/// YOLOv5's <c>warpAffine(..., borderValue=(114, 114, 114))</c> and letterbox fill them.
/// </summary>
public static class ImageWarp
{
    public const byte Fill = 114;

    /// <summary>
    /// The image drawn through the affine map <c>x' = a x + b y + c, y' = d x + e y + f</c> (source pixel
    /// coordinates to output pixel coordinates, pixel corners at integers).
    /// </summary>
    public static RgbImage Affine(RgbImage source, int width, int height, double a, double b, double c, double d, double e, double f)
    {
        using var bitmap = ImageCodec.ToBitmap(source);
        using var image = SKImage.FromBitmap(bitmap);
        using var output = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(output))
        {
            canvas.Clear(new SKColor(Fill, Fill, Fill));
            var matrix = new SKMatrix((float)a, (float)b, (float)c, (float)d, (float)e, (float)f, 0, 0, 1);
            canvas.SetMatrix(matrix);
            double shrink = Math.Sqrt(Math.Abs(a * e - b * d));
            var sampling = new SKSamplingOptions(SKFilterMode.Linear, shrink < 1 ? SKMipmapMode.Linear : SKMipmapMode.None);
            canvas.DrawImage(image, 0, 0, sampling);
        }
        return ImageCodec.FromRgba(output);
    }

    /// <summary>Resizes to exactly <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static RgbImage Resize(RgbImage source, int width, int height) =>
        width == source.Width && height == source.Height ? source
            : Affine(source, width, height, (double)width / source.Width, 0, 0, 0, (double)height / source.Height, 0);
}
