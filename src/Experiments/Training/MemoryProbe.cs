using static TorchSharp.torch;

namespace Ablation.Experiments.Training;

/// <summary>
/// Peak memory of a run, recorded the same way by training and benchmarks. TEMPORARY (port-training):
/// the peak resident set (VmHWM) of the process, reset through /proc/self/clear_refs; to be replaced by
/// Ablation.TorchSupport's MemoryMeter.
/// </summary>
public static class MemoryProbe
{
    public const string Source = "cpu-vmhwm";

    public static void ResetPeak(Device? device = null)
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    public static long PeakBytes(Device? device = null)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:"))
                return long.Parse(line[6..].Trim().Split(' ')[0]) * 1024;
        return -1;
    }
}
