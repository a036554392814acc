using System.Runtime.InteropServices;

namespace Ablation.Torch;

/// <summary>Exports of native/src/ops_nn.cpp: convolution, linear, normalisation, dropout, padding.</summary>
internal static unsafe partial class Native
{
    [DllImport(Lib)] internal static extern IntPtr abl_conv1d(IntPtr input, IntPtr weight, IntPtr bias, long stride, long padding, long dilation, long groups);
    [DllImport(Lib)] internal static extern IntPtr abl_conv2d(IntPtr input, IntPtr weight, IntPtr bias, long* stride, long* padding, long* dilation, long groups);
    [DllImport(Lib)] internal static extern IntPtr abl_linear(IntPtr input, IntPtr weight, IntPtr bias);
    [DllImport(Lib)] internal static extern IntPtr abl_batch_norm(IntPtr input, IntPtr weight, IntPtr bias, IntPtr runningMean, IntPtr runningVar, byte training, double momentum, double eps);
    [DllImport(Lib)] internal static extern IntPtr abl_layer_norm(IntPtr input, long* shape, int ndim, IntPtr weight, IntPtr bias, double eps);
    [DllImport(Lib)] internal static extern IntPtr abl_group_norm(IntPtr input, long groups, IntPtr weight, IntPtr bias, double eps);
    [DllImport(Lib)] internal static extern IntPtr abl_dropout(IntPtr input, double p, byte train);
    [DllImport(Lib)] internal static extern IntPtr abl_constant_pad(IntPtr input, long* pad, int npad, double value);
}
