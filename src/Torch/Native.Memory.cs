using System.Runtime.InteropServices;

namespace Ablation.Torch;

/// <summary>Exports of native/src/memory.cpp: tensor memory statistics and process resident memory.</summary>
internal static partial class Native
{
    [DllImport(Lib)] internal static extern byte abl_memory_cpu_counting();
    [DllImport(Lib)] internal static extern int abl_memory_stats(int deviceType, int deviceIndex, out long current, out long peak);
    [DllImport(Lib)] internal static extern int abl_memory_reset_peak(int deviceType, int deviceIndex, out byte processPeakReset);
    [DllImport(Lib)] internal static extern void abl_memory_process(out long rss, out long peakRss);
}
