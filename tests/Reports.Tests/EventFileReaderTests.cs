using System.Diagnostics;
using System.Text.Json;
using Ablation.Reports.TensorBoard;

namespace Ablation.Reports.Tests;

/// <summary>
/// The event-file reader against tests/reference/tensorboard_ref.py, an independent writer (its own CRC-32C
/// and protobuf encoding, from the format's definitions): every scalar back, CRCs checked, corruption caught.
/// </summary>
public class EventFileReaderTests
{
    private const int Epochs = 4;

    private static readonly Lazy<(string Dir, string File, JsonElement Expected)> Reference = new(() =>
    {
        var dir = TestStore.NewDirectory();
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { Path.Combine(RepoRoot.Path, "tests", "reference", "tensorboard_ref.py"), "--out", dir, "--epochs", Epochs.ToString() })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, "tensorboard_ref.py failed: " + err);
        var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "expected.json"))).RootElement;
        return (dir, Path.Combine(dir, expected.GetProperty("file").GetString()!), expected);
    });

    [Theory]
    [InlineData("123456789", 0xE3069283u)]         // the CRC catalogue's check value for CRC-32C
    public void Crc32c_matches_the_check_value(string text, uint crc) =>
        Assert.Equal(crc, Crc32C.Compute(System.Text.Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Crc32c_matches_rfc_3720_appendix_b4()
    {
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32C.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
        Assert.Equal(0x113FDB5Cu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray()));
    }

    [Fact]
    public void Reads_every_scalar_the_reference_wrote_with_step_wall_time_and_value()
    {
        var (_, file, expected) = Reference.Value;
        Assert.Equal(expected.GetProperty("records").GetInt32(), TfRecordReader.Read(file).Count());
        Assert.Equal("brain.Event:2", EventFileReader.FileVersion(file));
        var want = expected.GetProperty("scalars").EnumerateArray()
            .Select(s => new ScalarPoint(s.GetProperty("tag").GetString()!, s.GetProperty("step").GetInt64(),
                s.GetProperty("wall_time").GetDouble(), s.GetProperty("value").GetDouble())).ToList();
        Assert.Equal(want, EventFileReader.Scalars(file));
    }

    [Fact]
    public void Finds_one_point_per_epoch_for_each_series_and_skips_non_scalars()
    {
        var points = EventFileReader.ScalarsIn(Reference.Value.Dir);
        var series = points.GroupBy(p => p.Tag).ToDictionary(g => g.Key, g => g.Select(p => p.Step).ToList());
        Assert.Equal(["lr", "test/top1", "test/top5", "train/img_s", "train/loss", "train/top1"], series.Keys.Order());
        Assert.All(series.Values, steps => Assert.Equal(Enumerable.Range(1, Epochs).Select(i => (long)i), steps));
        Assert.DoesNotContain(points, p => p.Tag == "not/a/scalar");
    }

    [Fact]
    public void A_flipped_byte_fails_its_crc_and_a_cut_file_ends_at_the_last_whole_record()
    {
        var (_, file, expected) = Reference.Value;
        var bytes = File.ReadAllBytes(file);
        var dir = TestStore.NewDirectory();

        var data = (byte[])bytes.Clone();
        data[12 + 3] ^= 0x01;                                       // inside the first record's data
        var dataFile = Path.Combine(dir, "data.tfevents");
        File.WriteAllBytes(dataFile, data);
        Assert.Contains("byte 0: data CRC mismatch", Assert.Throws<InvalidDataException>(() => TfRecordReader.Read(dataFile).ToList()).Message);

        var length = (byte[])bytes.Clone();
        length[0] ^= 0x01;                                          // the first record's length
        var lengthFile = Path.Combine(dir, "length.tfevents");
        File.WriteAllBytes(lengthFile, length);
        Assert.Contains("byte 0: length CRC mismatch", Assert.Throws<InvalidDataException>(() => TfRecordReader.Read(lengthFile).ToList()).Message);

        var cutFile = Path.Combine(dir, "cut.tfevents");
        File.WriteAllBytes(cutFile, bytes[..^5]);                   // a writer still writing its last record
        Assert.Contains("runs past the end", Assert.Throws<InvalidDataException>(() => TfRecordReader.Read(cutFile).ToList()).Message);
        Assert.Equal(expected.GetProperty("records").GetInt32() - 1, TfRecordReader.Read(cutFile, strict: false).Count());
    }
}
