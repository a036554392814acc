namespace Ablation.Torch;

/// <summary>Exports of native/src/nn_module.cpp: in-place parameter conversion and nn.init fills.</summary>
internal static partial class Native
{
    [System.Runtime.InteropServices.DllImport(Lib)] internal static extern int abl_module_convert_(IntPtr t, int dtype, int dev, int idx);
    [System.Runtime.InteropServices.DllImport(Lib)] internal static extern int abl_module_increment_(IntPtr t);
    [System.Runtime.InteropServices.DllImport(Lib)] internal static extern int abl_init_uniform_(IntPtr t, double from, double to);
    [System.Runtime.InteropServices.DllImport(Lib)] internal static extern int abl_init_normal_(IntPtr t, double mean, double std);
    [System.Runtime.InteropServices.DllImport(Lib)] internal static extern int abl_init_fill_(IntPtr t, double value);
}
