using System.Runtime.InteropServices;

namespace Ablation.Torch;

/// <summary>Exports of native/src/ops_linalg.cpp: matrix products.</summary>
internal static partial class Native
{
    [DllImport(Lib)] internal static extern IntPtr abl_matmul(IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern IntPtr abl_mm(IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern IntPtr abl_bmm(IntPtr a, IntPtr b);
}
