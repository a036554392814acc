using System.Runtime.InteropServices;

namespace Ablation.Torch;

/// <summary>Exports of native/src/ops_pool.cpp: pooling; window arguments point to (height, width) pairs.</summary>
internal static unsafe partial class Native
{
    [DllImport(Lib)] internal static extern IntPtr abl_max_pool2d(IntPtr input, long* kernel, long* stride, long* padding, long* dilation, byte ceilMode);
    [DllImport(Lib)] internal static extern IntPtr abl_avg_pool2d(IntPtr input, long* kernel, long* stride, long* padding, byte ceilMode, byte countIncludePad);
    [DllImport(Lib)] internal static extern IntPtr abl_adaptive_avg_pool2d(IntPtr input, long* outputSize);
    [DllImport(Lib)] internal static extern IntPtr abl_adaptive_max_pool2d(IntPtr input, long* outputSize);
}
