namespace Ablation.Experiments.Data.Detection;

/// <summary>
/// YOLOv5's resizing: <c>load_image</c> scales an image so its long side is the input size (aspect ratio
/// kept; new size <c>ceil(w * r)</c>, <c>ceil(h * r)</c>), then <c>letterbox</c> centres it on a square canvas
/// of grey 114 (left/top padding <c>round(d - 0.1)</c> of the half difference d).
/// </summary>
public static class Letterbox
{
    /// <summary>The image scaled so that its long side is <paramref name="size"/>.</summary>
    public static RgbImage ResizeLongSide(RgbImage image, int size)
    {
        var (w, h) = LongSideSize(image.Width, image.Height, size);
        return ImageWarp.Resize(image, w, h);
    }

    /// <summary>The size of a width x height image scaled to long side <paramref name="size"/>.</summary>
    public static (int Width, int Height) LongSideSize(int width, int height, int size)
    {
        double r = (double)size / Math.Max(width, height);
        return (Math.Clamp((int)Math.Ceiling(width * r - 1e-9), 1, size), Math.Clamp((int)Math.Ceiling(height * r - 1e-9), 1, size));
    }

    /// <summary>The square input of side <paramref name="size"/> and how the image was placed in it.</summary>
    public static (RgbImage Image, LetterboxTransform Transform) Apply(RgbImage image, int size)
    {
        var (w, h) = LongSideSize(image.Width, image.Height, size);
        int left = (int)Math.Round((size - w) / 2.0 - 0.1, MidpointRounding.ToEven);
        int top = (int)Math.Round((size - h) / 2.0 - 0.1, MidpointRounding.ToEven);
        var place = Affine2D.Scale((double)w / image.Width, (double)h / image.Height).Then(Affine2D.Translate(left, top));
        var canvas = ImageWarp.Compose(size, size, Affine2D.Identity, [new ImageWarp.Layer(image, place, left, top, left + w, top + h)]);
        return (canvas, new LetterboxTransform((float)w / image.Width, (float)h / image.Height, left, top));
    }
}
