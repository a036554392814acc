using Ablation.Experiments.Data;
using Ablation.Experiments.Data.Detection;
using Xunit;

namespace Ablation.Experiments.Tests.Data.Detection;

public sealed class ImageCodecTests
{
    [Fact]
    public void PngRoundTripIsExact()
    {
        using var dir = new TempDirectory();
        var image = TestImages.Gradient(37, 21);
        ImageCodec.Encode(image, dir.File("a.png"));
        var back = ImageCodec.Decode(dir.File("a.png"));
        Assert.Equal((37, 21), (back.Width, back.Height));
        Assert.Equal(image.Pixels, back.Pixels);
        Assert.Equal((37, 21), ImageCodec.ReadSize(dir.File("a.png")));
    }

    [Fact]
    public void JpegRoundTripIsClose()
    {
        using var dir = new TempDirectory();
        var image = RgbImage.Filled(32, 16, 200, 100, 50);
        ImageCodec.Encode(image, dir.File("a.jpg"));
        var back = ImageCodec.Decode(dir.File("a.jpg"));
        Assert.Equal((32, 16), (back.Width, back.Height));
        for (int i = 0; i < image.Pixels.Length; i++) Assert.InRange(back.Pixels[i] - image.Pixels[i], -6, 6);
    }

    [Fact]
    public void GarbageAndTruncatedFilesAreUnreadable()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("bad.png"), "not an image");
        var e = Assert.Throws<DataFormatException>(() => ImageCodec.Decode(dir.File("bad.png")));
        Assert.Equal(dir.File("bad.png") + ": unreadable image: not a JPEG or PNG file Skia can decode", e.Message);
        Assert.Null(ImageCodec.ReadSize(dir.File("bad.png")));

        ImageCodec.Encode(TestImages.Gradient(64, 64), dir.File("full.png"));
        var bytes = File.ReadAllBytes(dir.File("full.png"));
        File.WriteAllBytes(dir.File("cut.png"), bytes[..(bytes.Length / 2)]);
        e = Assert.Throws<DataFormatException>(() => ImageCodec.Decode(dir.File("cut.png")));
        Assert.Contains("cut.png: unreadable image", e.Message);
    }
}
