using static TorchSharp.torch;
using TF = TorchSharp.torch.nn.functional;

namespace Ablation.TorchSupport;

/// <summary>
/// Pooling over (N, C, H, W). Window arguments take one size for both sides or a (height, width) pair; stride
/// defaults to the kernel size, as PyTorch. Each counts its input elements.
/// </summary>
public static partial class F
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
        Cost.Touch("max_pool2d", input);
        return TF.max_pool2d(input, new[] { kernel_size.Item1, kernel_size.Item2 }, new[] { st.Item1, st.Item2 },
            new[] { padding.Item1, padding.Item2 }, new[] { dilation.Item1, dilation.Item2 }, ceil_mode);
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
        Cost.Touch("avg_pool2d", input);
        return TF.avg_pool2d(input, new[] { kernel_size.Item1, kernel_size.Item2 }, new[] { st.Item1, st.Item2 },
            new[] { padding.Item1, padding.Item2 }, ceil_mode, count_include_pad);
    }

    public static Tensor adaptive_avg_pool2d(Tensor input, long output_size) => adaptive_avg_pool2d(input, (output_size, output_size));

    /// <summary>Average pooling to a fixed output size (global average pooling at 1).</summary>
    public static Tensor adaptive_avg_pool2d(Tensor input, (long, long) output_size)
    {
        Cost.Touch("adaptive_avg_pool2d", input);
        var size = new[] { output_size.Item1, output_size.Item2 };
        // libtorch has a meta kernel only for output size 1 (which it computes as a mean).
        return Cost.IsMeta(input) && size.Any(s => s != 1) ? MetaShapes.Adaptive(input, size) : TF.adaptive_avg_pool2d(input, size);
    }

    public static Tensor adaptive_max_pool2d(Tensor input, long output_size) => adaptive_max_pool2d(input, (output_size, output_size));

    /// <summary>Max pooling to a fixed output size (the values; PyTorch's return_indices=False).</summary>
    public static Tensor adaptive_max_pool2d(Tensor input, (long, long) output_size)
    {
        Cost.Touch("adaptive_max_pool2d", input);
        return TF.adaptive_max_pool2d(input, new[] { output_size.Item1, output_size.Item2 });
    }
}
