using System.Runtime.InteropServices;

namespace Ablation.Torch;

/// <summary>Exports of native/src/ops_shape.cpp: views, reshapes, joins, splits, indexing.</summary>
internal static unsafe partial class Native
{
    [DllImport(Lib)] internal static extern IntPtr abl_view(IntPtr a, long* shape, int n);
    [DllImport(Lib)] internal static extern IntPtr abl_reshape(IntPtr a, long* shape, int n);
    [DllImport(Lib)] internal static extern IntPtr abl_permute(IntPtr a, long* dims, int n);
    [DllImport(Lib)] internal static extern IntPtr abl_transpose(IntPtr a, long dim0, long dim1);
    [DllImport(Lib)] internal static extern IntPtr abl_flatten(IntPtr a, long startDim, long endDim);
    [DllImport(Lib)] internal static extern IntPtr abl_squeeze(IntPtr a);
    [DllImport(Lib)] internal static extern IntPtr abl_squeeze_dim(IntPtr a, long dim);
    [DllImport(Lib)] internal static extern IntPtr abl_unsqueeze(IntPtr a, long dim);
    [DllImport(Lib)] internal static extern IntPtr abl_expand(IntPtr a, long* shape, int n);
    [DllImport(Lib)] internal static extern IntPtr abl_repeat(IntPtr a, long* repeats, int n);
    [DllImport(Lib)] internal static extern IntPtr abl_narrow(IntPtr a, long dim, long start, long length);
    [DllImport(Lib)] internal static extern IntPtr abl_select(IntPtr a, long dim, long index);
    [DllImport(Lib)] internal static extern IntPtr abl_index_select(IntPtr a, long dim, IntPtr index);
    [DllImport(Lib)] internal static extern IntPtr abl_gather(IntPtr a, long dim, IntPtr index);
    [DllImport(Lib)] internal static extern IntPtr abl_flip(IntPtr a, long* dims, int n);
    [DllImport(Lib)] internal static extern IntPtr abl_one_hot(IntPtr a, long numClasses);
    [DllImport(Lib)] internal static extern IntPtr abl_cat(IntPtr* items, int count, long dim);
    [DllImport(Lib)] internal static extern IntPtr abl_stack(IntPtr* items, int count, long dim);
    [DllImport(Lib)] internal static extern int abl_split(IntPtr a, long splitSize, long dim, IntPtr* output, int capacity);
    [DllImport(Lib)] internal static extern int abl_split_with_sizes(IntPtr a, long* sizes, int n, long dim, IntPtr* output, int capacity);
    [DllImport(Lib)] internal static extern int abl_chunk(IntPtr a, long chunks, long dim, IntPtr* output, int capacity);
}
