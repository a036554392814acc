using SkiaSharp;

namespace Ablation.Experiments.Data.Detection;

/// <summary>
/// Resampling through Skia: images mapped by affine maps onto a canvas of a given size, bilinear (trilinear
/// with mipmaps when shrinking, so a large downscale does not alias), with uncovered pixels grey 114 as
/// YOLOv5's <c>warpAffine(..., borderValue=(114, 114, 114))</c> and letterbox fill them.
/// </summary>
public static class ImageWarp
{
    public const byte Fill = 114;

    /// <summary>One image placed on a canvas: its map to canvas coordinates and the canvas rectangle it may cover.</summary>
    public readonly record struct Layer(RgbImage Image, Affine2D Place, float ClipX1, float ClipY1, float ClipX2, float ClipY2);

    /// <summary>The image drawn through <paramref name="map"/> (source pixels to output pixels) on a width x height canvas.</summary>
    public static RgbImage Affine(RgbImage source, int width, int height, Affine2D map) =>
        Compose(width, height, map, [new Layer(source, Affine2D.Identity, 0, 0, source.Width, source.Height)]);

    /// <summary>Resizes to exactly <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static RgbImage Resize(RgbImage source, int width, int height) =>
        width == source.Width && height == source.Height ? source
            : Affine(source, width, height, Affine2D.Scale((double)width / source.Width, (double)height / source.Height));

    /// <summary>
    /// Layers drawn in order on a grey canvas seen through <paramref name="view"/> (canvas to output): each image
    /// is mapped by its <see cref="Layer.Place"/> and cut to its clip rectangle, then the whole is mapped by the
    /// view, in one resampling per image (a mosaic and its random affine without an intermediate canvas).
    /// </summary>
    public static RgbImage Compose(int width, int height, Affine2D view, IReadOnlyList<Layer> layers)
    {
        using var output = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(output))
        {
            canvas.Clear(new SKColor(Fill, Fill, Fill));
            foreach (var layer in layers)
            {
                if (layer.ClipX2 <= layer.ClipX1 || layer.ClipY2 <= layer.ClipY1) continue;
                using var bitmap = ImageCodec.ToBitmap(layer.Image);
                using var image = SKImage.FromBitmap(bitmap);
                canvas.Save();
                canvas.SetMatrix(ToSkia(view));
                canvas.ClipRect(new SKRect(layer.ClipX1, layer.ClipY1, layer.ClipX2, layer.ClipY2), SKClipOperation.Intersect, antialias: false);
                canvas.Concat(ToSkia(layer.Place));
                double magnification = layer.Place.Then(view).Magnification;
                var sampling = new SKSamplingOptions(SKFilterMode.Linear, magnification < 1 ? SKMipmapMode.Linear : SKMipmapMode.None);
                canvas.DrawImage(image, 0, 0, sampling);
                canvas.Restore();
            }
        }
        return ImageCodec.FromRgba(output);
    }

    private static SKMatrix ToSkia(Affine2D m) => new((float)m.A, (float)m.B, (float)m.C, (float)m.D, (float)m.E, (float)m.F, 0, 0, 1);
}
