using System.Buffers.Binary;
using System.IO.Compression;
using Ablation.Experiments.Data;
using Xunit;

namespace Ablation.Experiments.Tests.Data;

/// <summary>MNIST-style IDX files, plain and gzipped, written at test time; broken headers and lengths.</summary>
public class IdxFormatTests
{
    private static byte[] Idx(byte dims, int[] shape, byte[] data, byte type = 0x08)
    {
        var header = new byte[4 + 4 * shape.Length];
        header[2] = type;
        header[3] = dims;
        for (int d = 0; d < shape.Length; d++) BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + 4 * d), shape[d]);
        return header.Concat(data).ToArray();
    }

    private static void Write(string path, byte[] bytes, bool gz)
    {
        if (!gz)
        {
            File.WriteAllBytes(path, bytes);
            return;
        }
        using var f = File.Create(path + ".gz");
        using var z = new GZipStream(f, CompressionLevel.Fastest);
        z.Write(bytes);
    }

    /// <summary>Writes a 4-train / 3-test split of 5x4 images; pixel p of image i is i*20 + p.</summary>
    private static void WriteSplits(string root, bool gz)
    {
        foreach (var (prefix, n) in new[] { ("train", 4), ("t10k", 3) })
        {
            var pixels = new byte[n * 20];
            for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)i;
            Write(Path.Combine(root, $"{prefix}-images-idx3-ubyte"), Idx(3, new[] { n, 5, 4 }, pixels), gz);
            Write(Path.Combine(root, $"{prefix}-labels-idx1-ubyte"), Idx(1, new[] { n }, Enumerable.Range(0, n).Select(i => (byte)(9 - i)).ToArray()), gz);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_images_and_labels_plain_or_gzipped(bool gz)
    {
        using var dir = new TempDirectory();
        WriteSplits(dir.Path, gz);
        var data = DatasetCatalog.Load(new DatasetSpec("fashion-mnist", dir.Path));
        Assert.Equal(4, data.Train.Count);
        Assert.Equal(3, data.Test.Count);
        Assert.Equal((1, 5, 4), (data.Channels, data.Train.Height, data.Train.Width));
        Assert.Equal(new[] { 9, 8, 7, 6 }, data.Train.Labels);
        Assert.Equal((byte)(2 * 20 + 13), data.Train.Image(2)[13]);
        Assert.Equal(new[] { 9, 8, 7 }, data.Test.Labels);
    }

    [Fact]
    public void Bad_magic_is_named_with_the_expected_value()
    {
        using var dir = new TempDirectory();
        WriteSplits(dir.Path, gz: false);
        var labels = dir.File("train-labels-idx1-ubyte");
        // A float-typed (0x0D) label file is not an unsigned-byte IDX file.
        File.WriteAllBytes(labels, Idx(1, new[] { 4 }, new byte[] { 1, 2, 3, 4 }, type: 0x0D));
        var e = Assert.Throws<DataFormatException>(() => IdxFormat.LoadMnistLike("mnist", dir.Path));
        Assert.Equal(labels, e.Path);
        Assert.Contains("bad IDX magic 0x00000d01, expected 0x00000801", e.Message);
    }

    [Fact]
    public void Truncated_data_is_reported_with_the_promised_size()
    {
        using var dir = new TempDirectory();
        WriteSplits(dir.Path, gz: true);
        var images = dir.File("t10k-images-idx3-ubyte");
        File.Delete(images + ".gz");
        Write(images, Idx(3, new[] { 3, 5, 4 }, new byte[50]), gz: true);
        var e = Assert.Throws<DataFormatException>(() => IdxFormat.LoadMnistLike("fashion-mnist", dir.Path));
        Assert.Equal(images + ".gz", e.Path);
        Assert.Contains("header promises 60 data bytes (3x5x4)", e.Message);
    }

    [Fact]
    public void A_corrupt_gzip_stream_is_named()
    {
        using var dir = new TempDirectory();
        WriteSplits(dir.Path, gz: true);
        var path = dir.File("train-images-idx3-ubyte.gz");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<DataFormatException>(() => IdxFormat.LoadMnistLike("fashion-mnist", dir.Path));
        Assert.Equal(path, e.Path);
    }

    [Fact]
    public void Image_and_label_counts_must_agree()
    {
        using var dir = new TempDirectory();
        WriteSplits(dir.Path, gz: false);
        File.WriteAllBytes(dir.File("train-labels-idx1-ubyte"), Idx(1, new[] { 5 }, new byte[5]));
        var e = Assert.Throws<DataFormatException>(() => IdxFormat.LoadMnistLike("mnist", dir.Path));
        Assert.Contains("holds 5 labels but train-images-idx3-ubyte holds 4 images", e.Message);
    }

    [Fact]
    public void A_missing_file_and_a_missing_root_are_named()
    {
        using var dir = new TempDirectory();
        WriteSplits(dir.Path, gz: false);
        File.Delete(dir.File("t10k-labels-idx1-ubyte"));
        var e = Assert.Throws<DataFormatException>(() => IdxFormat.LoadMnistLike("mnist", dir.Path));
        Assert.Contains("t10k-labels-idx1-ubyte", e.Message);
        Assert.Contains("not found", e.Message);

        var missing = dir.File("nowhere");
        var e2 = Assert.Throws<DataFormatException>(() => IdxFormat.LoadMnistLike("mnist", missing));
        Assert.Equal(missing, e2.Path);
    }

    [Fact]
    public void The_real_fashion_mnist_loads_from_its_default_root_when_installed()
    {
        if (!Directory.Exists(IdxFormat.FashionMnistDefaultRoot)) return; // Debian's dataset-fashion-mnist not installed
        var data = DatasetCatalog.Load(new DatasetSpec("fashion-mnist"));
        Assert.Equal(60000, data.Train.Count);
        Assert.Equal(10000, data.Test.Count);
        Assert.Equal((1, 28, 28), (data.Channels, data.Train.Height, data.Train.Width));
        // Fashion-MNIST is balanced: 6,000 training images per class.
        Assert.All(data.Train.Labels.GroupBy(l => l), g => Assert.Equal(6000, g.Count()));
        // Its published pixel statistics (mean 0.2860, std 0.3530).
        Assert.Equal(0.2860, data.Mean[0], 3);
        Assert.Equal(0.3530, data.Std[0], 3);
    }
}
