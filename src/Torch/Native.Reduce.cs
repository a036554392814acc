using System.Runtime.InteropServices;

namespace Ablation.Torch;

/// <summary>Exports of native/src/ops_reduce.cpp: reductions (no dims = all elements) and selections.</summary>
internal static unsafe partial class Native
{
    [DllImport(Lib)] internal static extern IntPtr abl_sum(IntPtr a, long* dims, int ndims, byte keepdim);
    [DllImport(Lib)] internal static extern IntPtr abl_mean(IntPtr a, long* dims, int ndims, byte keepdim);
    [DllImport(Lib)] internal static extern IntPtr abl_var(IntPtr a, long* dims, int ndims, long correction, byte keepdim);
    [DllImport(Lib)] internal static extern IntPtr abl_amax(IntPtr a, long* dims, int ndims, byte keepdim);
    [DllImport(Lib)] internal static extern IntPtr abl_amin(IntPtr a, long* dims, int ndims, byte keepdim);
    [DllImport(Lib)] internal static extern IntPtr abl_max_all(IntPtr a);
    [DllImport(Lib)] internal static extern IntPtr abl_min_all(IntPtr a);
    [DllImport(Lib)] internal static extern int abl_max_dim(IntPtr a, long dim, byte keepdim, out IntPtr values, out IntPtr indices);
    [DllImport(Lib)] internal static extern int abl_min_dim(IntPtr a, long dim, byte keepdim, out IntPtr values, out IntPtr indices);
    [DllImport(Lib)] internal static extern IntPtr abl_argmax(IntPtr a, long dim, byte hasDim, byte keepdim);
    [DllImport(Lib)] internal static extern IntPtr abl_argmin(IntPtr a, long dim, byte hasDim, byte keepdim);
    [DllImport(Lib)] internal static extern int abl_topk(IntPtr a, long k, long dim, byte largest, byte sorted, out IntPtr values, out IntPtr indices);
    [DllImport(Lib)] internal static extern IntPtr abl_cumsum(IntPtr a, long dim);
}
