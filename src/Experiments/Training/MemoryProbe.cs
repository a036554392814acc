using System.Diagnostics;

namespace Ablation.Experiments.Training;

/// <summary>
/// Peak memory of a run, recorded the same way by training and benchmarks. Until the binding's tensor
/// memory counter is available this is the process's peak resident set (an upper bound of tensor memory).
/// </summary>
public static class MemoryProbe
{
    public static void ResetPeak() { }

    public static long PeakBytes()
    {
        using var p = Process.GetCurrentProcess();
        p.Refresh();
        return p.PeakWorkingSet64;
    }
}
