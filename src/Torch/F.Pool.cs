namespace Ablation.Torch;

/// <summary>
/// Pooling of torch.nn.functional over (N, C, H, W). Window arguments take one size for both sides or a
/// (height, width) pair; stride defaults to the kernel size, as PyTorch. Each counts its input elements.
/// </summary>
public static unsafe partial class F
{
    public static Tensor max_pool2d(Tensor input, long kernel_size, long? stride = null, long padding = 0, long dilation = 1,
        bool ceil_mode = false)
    {
        var s = stride ?? kernel_size;
        return max_pool2d(input, (kernel_size, kernel_size), (s, s), (padding, padding), (dilation, dilation), ceil_mode);
    }

    public static Tensor max_pool2d(Tensor input, (long, long) kernel_size, (long, long)? stride, (long, long) padding,
        (long, long) dilation, bool ceil_mode = false)
    {
        var st = stride ?? kernel_size;
        long* k = stackalloc long[] { kernel_size.Item1, kernel_size.Item2 };
        long* s = stackalloc long[] { st.Item1, st.Item2 };
        long* p = stackalloc long[] { padding.Item1, padding.Item2 };
        long* d = stackalloc long[] { dilation.Item1, dilation.Item2 };
        Cost.Touch("max_pool2d", input);
        return new(Native.abl_max_pool2d(input.Handle, k, s, p, d, ceil_mode ? (byte)1 : (byte)0));
    }

    /// <summary>Average pooling; count_include_pad = false divides by the number of real (unpadded) inputs.</summary>
    public static Tensor avg_pool2d(Tensor input, long kernel_size, long? stride = null, long padding = 0, bool ceil_mode = false,
        bool count_include_pad = true)
    {
        var s = stride ?? kernel_size;
        return avg_pool2d(input, (kernel_size, kernel_size), (s, s), (padding, padding), ceil_mode, count_include_pad);
    }

    public static Tensor avg_pool2d(Tensor input, (long, long) kernel_size, (long, long)? stride, (long, long) padding,
        bool ceil_mode = false, bool count_include_pad = true)
    {
        var st = stride ?? kernel_size;
        long* k = stackalloc long[] { kernel_size.Item1, kernel_size.Item2 };
        long* s = stackalloc long[] { st.Item1, st.Item2 };
        long* p = stackalloc long[] { padding.Item1, padding.Item2 };
        Cost.Touch("avg_pool2d", input);
        return new(Native.abl_avg_pool2d(input.Handle, k, s, p, ceil_mode ? (byte)1 : (byte)0, count_include_pad ? (byte)1 : (byte)0));
    }

    public static Tensor adaptive_avg_pool2d(Tensor input, long output_size) => adaptive_avg_pool2d(input, (output_size, output_size));

    /// <summary>Average pooling to a fixed output size (global average pooling at 1).</summary>
    public static Tensor adaptive_avg_pool2d(Tensor input, (long, long) output_size)
    {
        long* o = stackalloc long[] { output_size.Item1, output_size.Item2 };
        Cost.Touch("adaptive_avg_pool2d", input);
        return new(Native.abl_adaptive_avg_pool2d(input.Handle, o));
    }

    public static Tensor adaptive_max_pool2d(Tensor input, long output_size) => adaptive_max_pool2d(input, (output_size, output_size));

    /// <summary>Max pooling to a fixed output size (the values; PyTorch's return_indices=False).</summary>
    public static Tensor adaptive_max_pool2d(Tensor input, (long, long) output_size)
    {
        long* o = stackalloc long[] { output_size.Item1, output_size.Item2 };
        Cost.Touch("adaptive_max_pool2d", input);
        return new(Native.abl_adaptive_max_pool2d(input.Handle, o));
    }
}
