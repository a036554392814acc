using System.Runtime.InteropServices;

namespace Ablation.Torch;

/// <summary>Exports of native/src/ops_activation.cpp: activations and softmax.</summary>
internal static partial class Native
{
    [DllImport(Lib)] internal static extern IntPtr abl_relu(IntPtr a);
    [DllImport(Lib)] internal static extern IntPtr abl_hardtanh(IntPtr a, double minVal, double maxVal);
    [DllImport(Lib)] internal static extern IntPtr abl_leaky_relu(IntPtr a, double negativeSlope);
    [DllImport(Lib)] internal static extern IntPtr abl_silu(IntPtr a);
    [DllImport(Lib)] internal static extern IntPtr abl_hardswish(IntPtr a);
    [DllImport(Lib)] internal static extern IntPtr abl_hardsigmoid(IntPtr a);
    [DllImport(Lib)] internal static extern IntPtr abl_mish(IntPtr a);
    [DllImport(Lib)] internal static extern IntPtr abl_gelu(IntPtr a);
    [DllImport(Lib)] internal static extern IntPtr abl_sigmoid(IntPtr a);
    [DllImport(Lib)] internal static extern IntPtr abl_tanh(IntPtr a);
    [DllImport(Lib)] internal static extern IntPtr abl_softmax(IntPtr a, long dim);
    [DllImport(Lib)] internal static extern IntPtr abl_log_softmax(IntPtr a, long dim);
}
