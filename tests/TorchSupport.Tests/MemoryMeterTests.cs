using Xunit;
using static TorchSharp.torch;

namespace Ablation.TorchSupport.Tests;

/// <summary>The CPU peak is the process's VmHWM: a reset starts a new peak, and a large tensor raises it.</summary>
public sealed class MemoryMeterTests
{
    [Fact]
    public void A_256_MiB_tensor_raises_the_resident_peak_by_at_least_its_size()
    {
        Assert.True(MemoryMeter.ResetPeak(), "/proc/self/clear_refs could not reset VmHWM");
        var before = MemoryMeter.Peak();
        Assert.Equal(MemoryReading.ResidentPeak, before.Source);
        using (var t = ones(new long[] { 64L * 1024 * 1024 })) // 256 MiB of float32, every page written
        {
            var during = MemoryMeter.Peak();
            Assert.True(during.Bytes - before.Bytes >= 250L * 1024 * 1024, $"peak rose by {during.Bytes - before.Bytes} bytes");
        }
        GC.KeepAlive(before);
    }

    [Fact]
    public void Cuda_without_nvml_reads_as_unavailable_not_as_a_number()
    {
        // No GPU here: the reading must say it measured nothing rather than report 0 bytes.
        if (File.Exists("/usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1")) return;
        var reading = MemoryMeter.Peak(new Device(TorchSharp.DeviceType.CUDA, 0));
        Assert.Equal(MemoryReading.Unavailable, reading.Source);
        Assert.Equal(-1, reading.Bytes);
    }
}
