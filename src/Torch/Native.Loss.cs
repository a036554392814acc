using System.Runtime.InteropServices;

namespace Ablation.Torch;

/// <summary>Exports of native/src/ops_loss.cpp; `reduction` is at::Reduction (0 none, 1 mean, 2 sum).</summary>
internal static partial class Native
{
    [DllImport(Lib)] internal static extern IntPtr abl_cross_entropy(IntPtr input, IntPtr target, IntPtr weight, long reduction, long ignoreIndex, double labelSmoothing);
    [DllImport(Lib)] internal static extern IntPtr abl_nll_loss(IntPtr input, IntPtr target, IntPtr weight, long reduction, long ignoreIndex);
    [DllImport(Lib)] internal static extern IntPtr abl_mse_loss(IntPtr input, IntPtr target, long reduction);
    [DllImport(Lib)] internal static extern IntPtr abl_binary_cross_entropy_with_logits(IntPtr input, IntPtr target, IntPtr weight, long reduction);
}
