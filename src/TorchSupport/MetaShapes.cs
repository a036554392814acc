using static TorchSharp.torch;

namespace Ablation.TorchSupport;

/// <summary>
/// Output tensors on the meta device for the ops libtorch 2.10's C++ build has no meta kernel for
/// (convolution, native_batch_norm and the norms built on it, relu, hardtanh, hardswish, abs, adaptive average
/// pooling to sizes other than 1; Python registers these for itself). Shapes follow PyTorch's documented
/// formulas, so profiling a whole matrix on meta costs no arithmetic at all.
/// </summary>
internal static class MetaShapes
{
    /// <summary>An empty meta tensor of <paramref name="shape"/> with the dtype of <paramref name="like"/>.</summary>
    internal static Tensor Empty(Tensor like, long[] shape) => empty(shape, like.dtype, like.device);

    /// <summary>Same shape as the input (element-wise ops, normalisation).</summary>
    internal static Tensor Like(Tensor input) => Empty(input, input.shape);

    /// <summary>
    /// Convolution over the trailing spatial dims (torch.nn.Conv1d/Conv2d docs):
    /// out = floor((in + 2 * padding - dilation * (kernel - 1) - 1) / stride) + 1.
    /// </summary>
    internal static Tensor Convolution(Tensor input, Tensor weight, long[] stride, long[] padding, long[] dilation)
    {
        int spatial = (int)weight.dim() - 2;
        var shape = new long[input.dim()];
        int first = (int)input.dim() - spatial;
        for (int i = 0; i < first - 1; i++) shape[i] = input.shape[i];
        shape[first - 1] = weight.shape[0];
        for (int i = 0; i < spatial; i++)
        {
            long k = weight.shape[2 + i];
            shape[first + i] = (input.shape[first + i] + 2 * padding[i] - dilation[i] * (k - 1) - 1) / stride[i] + 1;
        }
        return Empty(input, shape);
    }

    /// <summary>Adaptive pooling: the leading dims of the input, then the output size.</summary>
    internal static Tensor Adaptive(Tensor input, long[] outputSize)
    {
        var shape = input.shape.ToArray();
        for (int i = 0; i < outputSize.Length; i++) shape[shape.Length - outputSize.Length + i] = outputSize[i];
        return Empty(input, shape);
    }
}
