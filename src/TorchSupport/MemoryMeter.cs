using TorchSharp;
using System.Globalization;
using static TorchSharp.torch;

namespace Ablation.TorchSupport;

/// <summary>
/// Peak memory, measured the same way by training and benchmarks. TorchSharp 0.107 exposes no allocator
/// statistics, so: on the CPU the process's peak resident set (VmHWM of /proc/self/status, reset by writing 5 to
/// /proc/self/clear_refs, Linux 4.0+); on CUDA the device memory the process holds, from NVML
/// (<see cref="Nvml"/>). Each reading names its source (<see cref="MemoryReading"/>).
/// <code>MemoryMeter.ResetPeak(device); RunSteps(); var peak = MemoryMeter.Peak(device);</code>
/// </summary>
public static class MemoryMeter
{
    /// <summary>Starts a new peak where the platform allows it; returns whether it did.</summary>
    public static bool ResetPeak(Device? device = null)
    {
        if (device is not null && device.type == DeviceType.CUDA) return false; // NVML reads what is held now: nothing to reset
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DirectoryNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The peak since <see cref="ResetPeak"/> on <paramref name="device"/> (default: the CPU).</summary>
    public static MemoryReading Peak(Device? device = null)
    {
        if (device is not null && device.type == DeviceType.CUDA)
        {
            var held = Nvml.ProcessDeviceMemory(device.index < 0 ? 0 : device.index);
            return held is long bytes ? new MemoryReading(bytes, MemoryReading.NvmlProcess) : new MemoryReading(-1, MemoryReading.Unavailable);
        }
        var hwm = StatusField("VmHWM:");
        return hwm is long b ? new MemoryReading(b, MemoryReading.ResidentPeak) : new MemoryReading(-1, MemoryReading.Unavailable);
    }

    /// <summary>The process's resident set now (VmRSS), bytes; -1 where /proc is unavailable.</summary>
    public static long ResidentBytes() => StatusField("VmRSS:") ?? -1;

    /// <summary>A "kB" field of /proc/self/status in bytes.</summary>
    private static long? StatusField(string name)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (!line.StartsWith(name, StringComparison.Ordinal)) continue;
                var parts = line[name.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(parts[0], CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DirectoryNotFoundException) { }
        return null;
    }
}
