using Xunit;

namespace Ablation.Torch.Tests;

/// <summary>The peak-memory API: CPU tensor memory from the counting allocator, process resident memory.</summary>
[Collection(SeededCollection.Name)]
public class MemoryTests
{
    private static void Quiesce()
    {
        // Finalizers free native tensors from another thread: let them run before exact comparisons.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    [Fact]
    public void CpuTensorsAreCounted() => Assert.True(Memory.CpuCounting);

    [Fact]
    public void AllocatingAKnownTensorRaisesCurrentAndPeakByItsBytes()
    {
        Quiesce();
        var before = Memory.Stats();
        using (var t = torch.zeros(new long[] { 1 << 20 }, DType.Float32))
        {
            var during = Memory.Stats();
            Assert.Equal(4L << 20, during.CurrentBytes - before.CurrentBytes);
            Assert.True(during.PeakBytes >= during.CurrentBytes);
        }
        Assert.Equal(before.CurrentBytes, Memory.Stats().CurrentBytes);
    }

    [Fact]
    public void PeakIsTheHighestPointSinceTheLastReset()
    {
        Quiesce();
        Memory.ResetPeak();
        var baseline = Memory.Stats();
        Assert.Equal(baseline.CurrentBytes, baseline.PeakBytes);
        using (torch.zeros(new long[] { 1 << 20 }, DType.Float64)) { }  // 8 MiB, freed
        using (torch.zeros(new long[] { 1 << 18 }, DType.Float32)) { }  // 1 MiB, freed
        var after = Memory.Stats();
        Assert.Equal(8L << 20, after.PeakBytes - baseline.CurrentBytes);
        Assert.Equal(baseline.CurrentBytes, after.CurrentBytes);
        Memory.ResetPeak();
        Assert.Equal(after.CurrentBytes, Memory.Stats().PeakBytes);
    }

    [Fact]
    public void ProcessResidentMemoryIsReported()
    {
        var s = Memory.Stats();
        Assert.True(s.ProcessRssBytes > 1 << 20, $"VmRSS {s.ProcessRssBytes}");
        Assert.True(s.ProcessPeakRssBytes >= s.ProcessRssBytes, $"VmHWM {s.ProcessPeakRssBytes} < VmRSS {s.ProcessRssBytes}");
    }

    [Fact]
    public void MetaHoldsNoMemoryAndSaysSo()
    {
        var e = Assert.Throws<TorchException>(() => Memory.Stats(Device.Meta));
        Assert.Contains("meta", e.Message);
    }
}
