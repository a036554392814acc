using System.Buffers.Binary;
using System.IO.Compression;

namespace Ablation.Experiments.Data;

/// <summary>
/// The IDX files of MNIST (LeCun et al. 1998, http://yann.lecun.com/exdb/mnist/) and Fashion-MNIST
/// (Xiao et al. 2017, arXiv:1708.07747): a big-endian header (two zero bytes, a type byte 0x08 for
/// unsigned bytes, the number of dimensions, then each dimension as int32) followed by the data.
/// Files may be gzipped (<c>.gz</c>, detected by the gzip magic as well as the name).
/// </summary>
public static class IdxFormat
{
    public const string FashionMnistDefaultRoot = "/usr/share/datasets/fashion-mnist";
    public const string MnistDefaultRoot = "/usr/share/datasets/mnist";

    public static Dataset LoadMnistLike(string name, string? root = null)
    {
        root ??= name == "mnist" ? MnistDefaultRoot : FashionMnistDefaultRoot;
        if (!Directory.Exists(root))
            throw new DataFormatException(root, $"directory not found ({name} IDX files are expected here; pass the data root)");
        var train = ReadSplit(root, "train");
        var test = ReadSplit(root, "t10k");
        return Dataset.FromSplits(name, train, test, 10);
    }

    private static ImageSet ReadSplit(string root, string prefix)
    {
        var imagesPath = Find(root, $"{prefix}-images-idx3-ubyte");
        var labelsPath = Find(root, $"{prefix}-labels-idx1-ubyte");
        var (imageDims, pixels) = ReadIdx(imagesPath, expectedDims: 3);
        var (labelDims, labelBytes) = ReadIdx(labelsPath, expectedDims: 1);
        if (imageDims[0] != labelDims[0])
            throw new DataFormatException(labelsPath, $"holds {labelDims[0]} labels but {Path.GetFileName(imagesPath)} holds {imageDims[0]} images");
        var labels = new int[labelBytes.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            if (labelBytes[i] > 9)
                throw new DataFormatException(labelsPath, $"label {i} is {labelBytes[i]}, labels are 0..9");
            labels[i] = labelBytes[i];
        }
        return new ImageSet(pixels, labels, 1, imageDims[1], imageDims[2]);
    }

    /// <summary>The plain or gzipped file of that name, plain first.</summary>
    private static string Find(string root, string name)
    {
        foreach (var candidate in new[] { name, name + ".gz" })
        {
            var path = Path.Combine(root, candidate);
            if (File.Exists(path)) return path;
        }
        throw new DataFormatException(Path.Combine(root, name), "file not found (neither it nor its .gz exists)");
    }

    /// <summary>Reads an unsigned-byte IDX file: its dimensions and data, checked against its header.</summary>
    public static (int[] Dims, byte[] Data) ReadIdx(string path, int expectedDims)
    {
        try
        {
            using var file = File.OpenRead(path);
            Span<byte> peek = stackalloc byte[2];
            int got = file.Read(peek);
            file.Position = 0;
            bool gz = got == 2 && peek[0] == 0x1f && peek[1] == 0x8b;
            using Stream stream = gz ? new GZipStream(file, CompressionMode.Decompress) : file;

            Span<byte> magic = stackalloc byte[4];
            if (!TryReadExactly(stream, magic))
                throw new DataFormatException(path, "truncated: shorter than the 4-byte IDX magic number");
            if (magic[0] != 0 || magic[1] != 0 || magic[2] != 0x08 || magic[3] != expectedDims)
                throw new DataFormatException(path,
                    $"bad IDX magic 0x{magic[0]:x2}{magic[1]:x2}{magic[2]:x2}{magic[3]:x2}, expected 0x000008{expectedDims:x2} (unsigned bytes, {expectedDims} dimension(s))");
            var header = new byte[4 * expectedDims];
            if (!TryReadExactly(stream, header))
                throw new DataFormatException(path, $"truncated: the header of {expectedDims} dimension(s) is incomplete");
            var dims = new int[expectedDims];
            long count = 1;
            for (int d = 0; d < expectedDims; d++)
            {
                dims[d] = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4 * d));
                if (dims[d] <= 0) throw new DataFormatException(path, $"dimension {d} is {dims[d]}, must be positive");
                count *= dims[d];
            }
            if (count > Array.MaxLength) throw new DataFormatException(path, $"{count} bytes of data is too large");
            var data = new byte[count];
            if (!TryReadExactly(stream, data))
                throw new DataFormatException(path, $"truncated: the header promises {count} data bytes ({string.Join("x", dims)}) but the file ends early");
            if (stream.ReadByte() != -1)
                throw new DataFormatException(path, $"has bytes after the {count} data bytes its header promises ({string.Join("x", dims)})");
            return (dims, data);
        }
        catch (FileNotFoundException)
        {
            throw new DataFormatException(path, "file not found");
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, $"corrupt gzip stream ({e.Message})", e);
        }
        catch (EndOfStreamException e)
        {
            throw new DataFormatException(path, "truncated gzip stream", e);
        }
    }

    private static bool TryReadExactly(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0) return false;
            total += n;
        }
        return true;
    }
}
