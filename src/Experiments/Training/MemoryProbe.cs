using Ablation.Torch;

namespace Ablation.Experiments.Training;

/// <summary>
/// Peak memory of a run, recorded the same way by training and benchmarks: the peak of tensor memory on
/// the device since <see cref="ResetPeak"/> (the binding's <see cref="Memory"/>: a counting allocator on
/// the CPU, the caching allocator's statistics on CUDA). Where CPU tensors are not counted, the process's
/// peak resident set stands in (an upper bound).
/// </summary>
public static class MemoryProbe
{
    public static void ResetPeak(Device? device = null) => Memory.ResetPeak(device);

    public static long PeakBytes(Device? device = null)
    {
        var d = device ?? Device.CPU;
        var stats = Memory.Stats(d);
        return d.Type == DeviceType.CPU && !Memory.CpuCounting ? stats.ProcessPeakRssBytes : stats.PeakBytes;
    }
}
