using System.Runtime.InteropServices;

namespace Ablation.Torch;

/// <summary>
/// P/Invoke declarations of native/ (one per export, same names). A returned handle of zero, or a
/// status of -1, means libtorch raised: <see cref="Check(IntPtr)"/> turns it into a TorchException.
/// Only blittable, fixed-width types cross the boundary. This file declares tensor.cpp's exports; each
/// ops_&lt;family&gt;.cpp has its partial Native.&lt;Family&gt;.cs.
/// </summary>
internal static unsafe partial class Native
{
    private const string Lib = NativeLibraryLoader.LibraryName;

    internal static string LastError() => Marshal.PtrToStringUTF8(abl_last_error()) ?? "unknown native error";

    internal static IntPtr Check(IntPtr handle) => handle != IntPtr.Zero ? handle : throw TorchException.Last();

    internal static void Check(int status)
    {
        if (status != 0) throw TorchException.Last();
    }

    [DllImport(Lib)] internal static extern IntPtr abl_last_error();
    [DllImport(Lib)] internal static extern IntPtr abl_torch_version();
    [DllImport(Lib)] internal static extern byte abl_cuda_available();
    [DllImport(Lib)] internal static extern int abl_cuda_device_count();
    [DllImport(Lib)] internal static extern void abl_free(IntPtr t);

    // metadata
    [DllImport(Lib)] internal static extern int abl_dim(IntPtr t);
    [DllImport(Lib)] internal static extern int abl_sizes(IntPtr t, long* shape, int capacity);
    [DllImport(Lib)] internal static extern long abl_numel(IntPtr t);
    [DllImport(Lib)] internal static extern int abl_dtype(IntPtr t);
    [DllImport(Lib)] internal static extern int abl_device_type(IntPtr t);
    [DllImport(Lib)] internal static extern int abl_device_index(IntPtr t);
    [DllImport(Lib)] internal static extern byte abl_is_contiguous(IntPtr t);

    // creation
    [DllImport(Lib)] internal static extern IntPtr abl_empty(long* shape, int ndim, int dtype, int dev, int idx, byte rg);
    [DllImport(Lib)] internal static extern IntPtr abl_zeros(long* shape, int ndim, int dtype, int dev, int idx, byte rg);
    [DllImport(Lib)] internal static extern IntPtr abl_ones(long* shape, int ndim, int dtype, int dev, int idx, byte rg);
    [DllImport(Lib)] internal static extern IntPtr abl_full(long* shape, int ndim, double value, int dtype, int dev, int idx, byte rg);
    [DllImport(Lib)] internal static extern IntPtr abl_arange(double start, double end, double step, int dtype, int dev, int idx, byte rg);
    [DllImport(Lib)] internal static extern IntPtr abl_rand(long* shape, int ndim, int dtype, int dev, int idx, byte rg);
    [DllImport(Lib)] internal static extern IntPtr abl_randn(long* shape, int ndim, int dtype, int dev, int idx, byte rg);
    [DllImport(Lib)] internal static extern IntPtr abl_randperm(long n, int dtype, int dev, int idx);
    [DllImport(Lib)] internal static extern IntPtr abl_randint(long low, long high, long* shape, int ndim, int dtype, int dev, int idx);
    [DllImport(Lib)] internal static extern IntPtr abl_from_data(void* data, long* shape, int ndim, int dtype, byte rg);
    [DllImport(Lib)] internal static extern int abl_copy_to(IntPtr t, void* data, long nbytes);
    [DllImport(Lib)] internal static extern int abl_item(IntPtr t, out double value);
    [DllImport(Lib)] internal static extern int abl_item_int64(IntPtr t, out long value);
    [DllImport(Lib)] internal static extern IntPtr abl_to(IntPtr t, int dtype, int dev, int idx, byte copy);
    [DllImport(Lib)] internal static extern IntPtr abl_clone(IntPtr t);
    [DllImport(Lib)] internal static extern IntPtr abl_contiguous(IntPtr t);
    [DllImport(Lib)] internal static extern IntPtr abl_alias(IntPtr t);

    // autograd
    [DllImport(Lib)] internal static extern byte abl_requires_grad(IntPtr t);
    [DllImport(Lib)] internal static extern int abl_set_requires_grad(IntPtr t, byte value);
    [DllImport(Lib)] internal static extern byte abl_is_leaf(IntPtr t);
    [DllImport(Lib)] internal static extern IntPtr abl_grad(IntPtr t);
    [DllImport(Lib)] internal static extern int abl_set_grad(IntPtr t, IntPtr grad);
    [DllImport(Lib)] internal static extern int abl_backward(IntPtr t, IntPtr gradient, byte retainGraph);
    [DllImport(Lib)] internal static extern IntPtr abl_detach(IntPtr t);
    [DllImport(Lib)] internal static extern int abl_detach_(IntPtr t);
    [DllImport(Lib)] internal static extern byte abl_set_grad_enabled(byte enabled);
    [DllImport(Lib)] internal static extern byte abl_is_grad_enabled();
    [DllImport(Lib)] internal static extern IntPtr abl_inference_mode_enter();
    [DllImport(Lib)] internal static extern void abl_inference_mode_exit(IntPtr guard);

    // global state
    [DllImport(Lib)] internal static extern void abl_manual_seed(ulong seed);
    [DllImport(Lib)] internal static extern void abl_set_num_threads(int n);
    [DllImport(Lib)] internal static extern int abl_get_num_threads();
}
