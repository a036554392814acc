using Ablation.Experiments.Data;
using Xunit;

namespace Ablation.Experiments.Tests.Data;

/// <summary>CIFAR-10/100 binary files written in the real record layout, and broken ones.</summary>
public class CifarBinaryTests
{
    /// <summary>Writes records of (label bytes..., 3072 pixels); pixel p of record r is (r * 7 + p) % 256.</summary>
    private static void WriteRecords(string path, IEnumerable<byte[]> labelBytes, int firstRecord = 0)
    {
        using var f = File.Create(path);
        int r = firstRecord;
        foreach (var labels in labelBytes)
        {
            f.Write(labels);
            var pixels = new byte[3072];
            for (int p = 0; p < pixels.Length; p++) pixels[p] = (byte)((r * 7 + p) % 256);
            f.Write(pixels);
            r++;
        }
    }

    private static void WriteCifar10(string root, int perBatch = 3, int test = 2)
    {
        for (int b = 1; b <= 5; b++)
            WriteRecords(Path.Combine(root, $"data_batch_{b}.bin"),
                Enumerable.Range(0, perBatch).Select(i => new[] { (byte)(((b - 1) * perBatch + i) % 10) }), (b - 1) * perBatch);
        WriteRecords(Path.Combine(root, "test_batch.bin"), Enumerable.Range(0, test).Select(i => new[] { (byte)(9 - i) }), 1000);
    }

    [Fact]
    public void Cifar10_reads_every_batch_file_in_order_with_planar_pixels()
    {
        using var dir = new TempDirectory();
        WriteCifar10(dir.Path);
        var data = CifarBinary.LoadCifar10(dir.Path);

        Assert.Equal(15, data.Train.Count);
        Assert.Equal(2, data.Test.Count);
        Assert.Equal((3, 32, 32), (data.Train.Channels, data.Train.Height, data.Train.Width));
        Assert.Equal(10, data.Classes);
        Assert.Equal(Enumerable.Range(0, 15).Select(i => i % 10), data.Train.Labels);
        Assert.Equal(new[] { 9, 8 }, data.Test.Labels);
        // Record 7 (third file, second record): pixel p is (7*7 + p) % 256; green plane starts at 1024.
        var image = data.Train.Image(7);
        Assert.Equal((byte)(49 % 256), image[0]);
        Assert.Equal((byte)((49 + 1024) % 256), image[1024]);
        Assert.Equal((byte)((1000 * 7 + 5) % 256), data.Test.Image(0)[5]);
    }

    [Fact]
    public void Cifar100_uses_fine_labels_by_default_and_coarse_on_request()
    {
        using var dir = new TempDirectory();
        var train = new[] { new byte[] { 3, 77 }, new byte[] { 19, 99 }, new byte[] { 0, 5 } };
        WriteRecords(dir.File("train.bin"), train);
        WriteRecords(dir.File("test.bin"), new[] { new byte[] { 4, 42 } });

        var fine = CifarBinary.LoadCifar100(dir.Path);
        Assert.Equal(100, fine.Classes);
        Assert.Equal(new[] { 77, 99, 5 }, fine.Train.Labels);
        Assert.Equal(new[] { 42 }, fine.Test.Labels);

        var coarse = DatasetCatalog.Load(new DatasetSpec("cifar100", dir.Path, new Dictionary<string, string> { ["labels"] = "coarse" }));
        Assert.Equal(20, coarse.Classes);
        Assert.Equal(new[] { 3, 19, 0 }, coarse.Train.Labels);
        Assert.Equal((byte)((1 * 7 + 3) % 256), coarse.Train.Image(1)[3]);
    }

    [Fact]
    public void A_truncated_file_names_the_file_and_the_record_size()
    {
        using var dir = new TempDirectory();
        WriteCifar10(dir.Path);
        var victim = dir.File("data_batch_3.bin");
        var bytes = File.ReadAllBytes(victim);
        File.WriteAllBytes(victim, bytes[..^100]);

        var e = Assert.Throws<DataFormatException>(() => CifarBinary.LoadCifar10(dir.Path));
        Assert.Equal(victim, e.Path);
        Assert.Contains("data_batch_3.bin", e.Message);
        Assert.Contains("not a positive multiple of the 3073-byte", e.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        using var dir = new TempDirectory();
        WriteCifar10(dir.Path);
        File.Delete(dir.File("test_batch.bin"));
        var e = Assert.Throws<DataFormatException>(() => CifarBinary.LoadCifar10(dir.Path));
        Assert.Contains("test_batch.bin", e.Message);
        Assert.Contains("not found", e.Message);
    }

    [Fact]
    public void A_label_out_of_range_is_malformed()
    {
        using var dir = new TempDirectory();
        WriteRecords(dir.File("train.bin"), new[] { new byte[] { 1, 2 }, new byte[] { 1, 100 } });
        WriteRecords(dir.File("test.bin"), new[] { new byte[] { 1, 2 } });
        var e = Assert.Throws<DataFormatException>(() => CifarBinary.LoadCifar100(dir.Path));
        Assert.Contains("train.bin", e.Message);
        Assert.Contains("record 1 has label 100", e.Message);
    }

    [Fact]
    public void A_cifar10_file_read_as_cifar100_is_rejected_by_size()
    {
        using var dir = new TempDirectory();
        WriteRecords(dir.File("train.bin"), Enumerable.Range(0, 3).Select(_ => new byte[] { 1 }));
        WriteRecords(dir.File("test.bin"), new[] { new byte[] { 1, 1 } });
        var e = Assert.Throws<DataFormatException>(() => CifarBinary.LoadCifar100(dir.Path));
        Assert.Contains("3074-byte CIFAR-100 record", e.Message);
    }
}
