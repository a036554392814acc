using SkiaSharp;

namespace Ablation.Experiments.Data.Detection;

/// <summary>
/// JPEG and PNG files to and from <see cref="RgbImage"/> with SkiaSharp (Skia's decoders; the 3.119 line is
/// the one ScottPlot uses). Colour images are converted to RGB and alpha is dropped (composited on black, as
/// OpenCV's imread drops it); grey images become three equal channels. EXIF orientation is not applied.
/// </summary>
public static class ImageCodec
{
    public static readonly string[] Extensions = [".jpg", ".jpeg", ".png"];

    public static bool IsImageFile(string path) => Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <summary>Decodes a file; anything Skia cannot decode completely is a DataFormatException naming the file.</summary>
    public static RgbImage Decode(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFormatException(path, $"unreadable image: {e.Message}");
        }
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data) ?? throw new DataFormatException(path, "unreadable image: not a JPEG or PNG file Skia can decode");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
            throw new DataFormatException(path, $"unreadable image: {Describe(result)}");
        return FromRgba(bitmap);
    }

    /// <summary>The size from the file's header, without decoding the pixels; null when it is no image Skia reads.</summary>
    public static (int Width, int Height)? ReadSize(string path)
    {
        try
        {
            using var codec = SKCodec.Create(path);
            return codec is null ? null : (codec.Info.Width, codec.Info.Height);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>Writes PNG (lossless) or JPEG (quality 95) by the file's extension.</summary>
    public static void Encode(RgbImage image, string path)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        var format = ext switch
        {
            ".png" => SKEncodedImageFormat.Png,
            ".jpg" or ".jpeg" => SKEncodedImageFormat.Jpeg,
            _ => throw new ArgumentException($"{path}: image extension '{ext}', allowed: .png, .jpg, .jpeg"),
        };
        using var bitmap = ToBitmap(image);
        using var data = bitmap.Encode(format, 95) ?? throw new InvalidOperationException($"{path}: Skia could not encode the image");
        using var stream = File.Create(path);
        data.SaveTo(stream);
    }

    internal static SKBitmap ToBitmap(RgbImage image)
    {
        var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var rgba = new byte[image.Width * image.Height * 4];
        var p = image.Pixels;
        for (int i = 0, j = 0; i < p.Length; i += 3, j += 4)
        {
            rgba[j] = p[i];
            rgba[j + 1] = p[i + 1];
            rgba[j + 2] = p[i + 2];
            rgba[j + 3] = 255;
        }
        System.Runtime.InteropServices.Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        return bitmap;
    }

    internal static RgbImage FromRgba(SKBitmap bitmap)
    {
        if (bitmap.ColorType != SKColorType.Rgba8888) throw new ArgumentException($"expected an RGBA8888 bitmap, got {bitmap.ColorType}");
        int w = bitmap.Width, h = bitmap.Height;
        var rgba = new byte[w * h * 4];
        System.Runtime.InteropServices.Marshal.Copy(bitmap.GetPixels(), rgba, 0, rgba.Length);
        var image = new RgbImage(w, h);
        var p = image.Pixels;
        bool premultiplied = bitmap.AlphaType == SKAlphaType.Premul;
        for (int i = 0, j = 0; i < p.Length; i += 3, j += 4)
        {
            int a = rgba[j + 3];
            if (a == 255 || premultiplied)
            {
                p[i] = rgba[j]; p[i + 1] = rgba[j + 1]; p[i + 2] = rgba[j + 2];
            }
            else
            {
                p[i] = (byte)((rgba[j] * a + 127) / 255); p[i + 1] = (byte)((rgba[j + 1] * a + 127) / 255); p[i + 2] = (byte)((rgba[j + 2] * a + 127) / 255);
            }
        }
        return image;
    }

    private static string Describe(SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput => "the file is truncated",
        SKCodecResult.ErrorInInput => "the file is corrupt",
        SKCodecResult.InvalidInput => "invalid image data",
        _ => $"Skia could not decode it ({result})",
    };
}
