namespace Ablation.Experiments.Data;

/// <summary>
/// The binary distributions of CIFAR-10 and CIFAR-100 (Krizhevsky 2009, https://www.cs.toronto.edu/~kriz/cifar.html).
/// CIFAR-10: <c>data_batch_1.bin</c> .. <c>data_batch_5.bin</c> and <c>test_batch.bin</c>, records of
/// 1 label byte + 3072 pixel bytes. CIFAR-100: <c>train.bin</c> and <c>test.bin</c>, records of a coarse
/// label byte, a fine label byte, then 3072 pixel bytes. Pixels are planar: 1024 red, 1024 green, 1024 blue,
/// row-major 32x32, which is already the (C, H, W) layout an <see cref="ImageSet"/> holds.
/// </summary>
public static class CifarBinary
{
    public const int Side = 32, Channels = 3, PixelBytes = Channels * Side * Side;

    public const string Cifar10DefaultRoot = "data/cifar-10-batches-bin";
    public const string Cifar100DefaultRoot = "data/cifar-100-binary";

    public static Dataset LoadCifar10(string? root = null)
    {
        root ??= Cifar10DefaultRoot;
        var trainFiles = Enumerable.Range(1, 5).Select(i => Path.Combine(root, $"data_batch_{i}.bin")).ToArray();
        var train = Read(trainFiles, labelBytes: 1, labelIndex: 0, classes: 10, "CIFAR-10");
        var test = Read(new[] { Path.Combine(root, "test_batch.bin") }, 1, 0, 10, "CIFAR-10");
        return Dataset.FromSplits("cifar10", train, test, 10);
    }

    /// <summary>CIFAR-100 with its 100 fine labels, or its 20 coarse (superclass) labels.</summary>
    public static Dataset LoadCifar100(string? root = null, bool coarse = false)
    {
        root ??= Cifar100DefaultRoot;
        int classes = coarse ? 20 : 100;
        int labelIndex = coarse ? 0 : 1;
        var train = Read(new[] { Path.Combine(root, "train.bin") }, 2, labelIndex, classes, "CIFAR-100");
        var test = Read(new[] { Path.Combine(root, "test.bin") }, 2, labelIndex, classes, "CIFAR-100");
        return Dataset.FromSplits(coarse ? "cifar100-coarse" : "cifar100", train, test, classes);
    }

    /// <summary>Reads and checks record files: every file whole records, every label in range.</summary>
    internal static ImageSet Read(string[] files, int labelBytes, int labelIndex, int classes, string format)
    {
        int record = labelBytes + PixelBytes;
        var sizes = new long[files.Length];
        for (int f = 0; f < files.Length; f++)
        {
            var info = new FileInfo(files[f]);
            if (!info.Exists)
                throw new DataFormatException(files[f], $"file not found (the {format} binary distribution is expected here)");
            if (info.Length == 0 || info.Length % record != 0)
                throw new DataFormatException(files[f],
                    $"size {info.Length} bytes is not a positive multiple of the {record}-byte {format} record (truncated or not a {format} binary file)");
            sizes[f] = info.Length;
        }
        long total = sizes.Sum() / record;
        if (total * PixelBytes > Array.MaxLength) throw new DataFormatException(files[0], "too many records to hold in memory");
        var pixels = new byte[total * PixelBytes];
        var labels = new int[total];
        int n = 0;
        var buffer = new byte[record * 1024];
        for (int f = 0; f < files.Length; f++)
        {
            using var stream = File.OpenRead(files[f]);
            long recordsInFile = sizes[f] / record;
            long done = 0;
            while (done < recordsInFile)
            {
                int chunk = (int)Math.Min(1024, recordsInFile - done);
                stream.ReadExactly(buffer, 0, chunk * record);
                for (int r = 0; r < chunk; r++)
                {
                    int offset = r * record;
                    int label = buffer[offset + labelIndex];
                    if (label >= classes)
                        throw new DataFormatException(files[f],
                            $"record {done + r} has label {label}, {format} labels are 0..{classes - 1}");
                    labels[n] = label;
                    Buffer.BlockCopy(buffer, offset + labelBytes, pixels, n * PixelBytes, PixelBytes);
                    n++;
                }
                done += chunk;
            }
        }
        return new ImageSet(pixels, labels, Channels, Side, Side);
    }
}
