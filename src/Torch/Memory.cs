namespace Ablation.Torch;

/// <summary>
/// Peak memory, measured the same way by training and benchmarks (DESIGN.md section 3). Tensor memory on
/// a device: on the CPU from the counting allocator the native layer installs (native/src/memory.cpp), on
/// CUDA from the caching allocator's statistics (bytes allocated to tensors, not cached). The process's
/// resident memory (VmRSS, and its peak VmHWM) is reported beside it: it includes libtorch's own buffers
/// (oneDNN scratch, thread pools), the runtime and the managed heap.
/// <code>Memory.ResetPeak(); RunStep(); var peak = Memory.Stats().PeakBytes;</code>
/// </summary>
public static class Memory
{
    /// <summary>True when CPU tensors are counted (the counting allocator is the one libtorch uses).</summary>
    public static bool CpuCounting => Native.abl_memory_cpu_counting() != 0;

    /// <summary>Current and peak tensor bytes on <paramref name="device"/> (default cpu), and the process's resident memory.</summary>
    public static MemoryStats Stats(Device? device = null)
    {
        var d = device ?? Device.CPU;
        Native.Check(Native.abl_memory_stats((int)d.Type, d.Index, out var current, out var peak));
        Native.abl_memory_process(out var rss, out var peakRss);
        return new MemoryStats(current, peak, rss, peakRss);
    }

    /// <summary>
    /// Starts a new peak: the tensor peak becomes the current value; on the CPU the process's peak resident
    /// set is reset too where the kernel allows it (returns whether it was).
    /// </summary>
    public static bool ResetPeak(Device? device = null)
    {
        var d = device ?? Device.CPU;
        Native.Check(Native.abl_memory_reset_peak((int)d.Type, d.Index, out var processReset));
        return processReset != 0;
    }
}

/// <summary>
/// Tensor bytes allocated now and at the peak since the last reset on one device, and the process's
/// resident set now and at its peak (bytes; -1 where /proc is unavailable).
/// </summary>
public readonly record struct MemoryStats(long CurrentBytes, long PeakBytes, long ProcessRssBytes, long ProcessPeakRssBytes);
