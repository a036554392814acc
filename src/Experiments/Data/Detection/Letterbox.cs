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
        double r = (double)size / Math.Max(image.Width, image.Height);
        int w = Math.Clamp((int)Math.Ceiling(image.Width * r - 1e-9), 1, size);
        int h = Math.Clamp((int)Math.Ceiling(image.Height * r - 1e-9), 1, size);
        return ImageWarp.Resize(image, w, h);
    }

    /// <summary>The square input of side <paramref name="size"/> and how the image was placed in it.</summary>
    public static (RgbImage Image, LetterboxTransform Transform) Apply(RgbImage image, int size)
    {
        var resized = ResizeLongSide(image, size);
        int left = (int)Math.Round((size - resized.Width) / 2.0 - 0.1, MidpointRounding.ToEven);
        int top = (int)Math.Round((size - resized.Height) / 2.0 - 0.1, MidpointRounding.ToEven);
        var canvas = RgbImage.Filled(size, size, ImageWarp.Fill, ImageWarp.Fill, ImageWarp.Fill);
        canvas.Paste(resized, 0, 0, resized.Width, resized.Height, left, top);
        return (canvas, new LetterboxTransform((float)resized.Width / image.Width, (float)resized.Height / image.Height, left, top));
    }
}
