namespace Ablation.Torch;

/// <summary>
/// torch.nn.functional: the ops models are written with, with PyTorch's names and argument names so a
/// paper's code reads line by line next to ours. Every op here also reports its cost to an active
/// MacCounter (see MacCounter.cs): convolution and linear as multiply-accumulates, the rest as elements.
/// This file: convolution, linear, normalisation, dropout, padding; F.*.cs hold the other families.
/// </summary>
public static unsafe partial class F
{
    /// <summary>1-d convolution over (N, C_in, L) with weight (C_out, C_in / groups, k).</summary>
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0,
        long dilation = 1, long groups = 1)
    {
        var output = new Tensor(Native.abl_conv1d(input.Handle, weight.Handle, bias?.Handle ?? IntPtr.Zero, stride, padding, dilation, groups));
        if (MacCounter.IsActive)
        {
            // Each output element is a dot product over (C_in / groups) * k inputs.
            MacCounter.AddMacs("conv1d", output.NumEl * weight.Size(1) * weight.Size(2));
        }
        return output;
    }

    public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0,
        long dilation = 1, long groups = 1) =>
        conv2d(input, weight, bias, (stride, stride), (padding, padding), (dilation, dilation), groups);

    /// <summary>2-d convolution over (N, C_in, H, W) with weight (C_out, C_in / groups, kH, kW).</summary>
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias, (long, long) stride, (long, long) padding,
        (long, long) dilation, long groups = 1)
    {
        long* s = stackalloc long[] { stride.Item1, stride.Item2 };
        long* p = stackalloc long[] { padding.Item1, padding.Item2 };
        long* d = stackalloc long[] { dilation.Item1, dilation.Item2 };
        var output = new Tensor(Native.abl_conv2d(input.Handle, weight.Handle, bias?.Handle ?? IntPtr.Zero, s, p, d, groups));
        if (MacCounter.IsActive)
        {
            // Each output element is a dot product over (C_in / groups) * kH * kW inputs.
            MacCounter.AddMacs("conv2d", output.NumEl * (weight.Size(1) * weight.Size(2) * weight.Size(3)));
        }
        return output;
    }

    /// <summary>y = x W^T + b over the last dimension; weight is (out_features, in_features).</summary>
    public static Tensor linear(Tensor input, Tensor weight, Tensor? bias = null)
    {
        var output = new Tensor(Native.abl_linear(input.Handle, weight.Handle, bias?.Handle ?? IntPtr.Zero));
        if (MacCounter.IsActive) MacCounter.AddMacs("linear", output.NumEl * weight.Size(-1));
        return output;
    }

    /// <summary>
    /// Batch normalisation (Ioffe and Szegedy, 2015): y = (x - mean) / sqrt(var + eps) * weight + bias over
    /// the channel dimension 1. With training = true the batch statistics are used and the running
    /// statistics (when given) are updated in place: running = (1 - momentum) * running + momentum * batch,
    /// the variance unbiased. With training = false the running statistics are used.
    /// </summary>
    public static Tensor batch_norm(Tensor input, Tensor? running_mean, Tensor? running_var, Tensor? weight = null,
        Tensor? bias = null, bool training = false, double momentum = 0.1, double eps = 1e-5)
    {
        Cost.Touch("batch_norm", input);
        return new(Native.abl_batch_norm(input.Handle, weight?.Handle ?? IntPtr.Zero, bias?.Handle ?? IntPtr.Zero,
            running_mean?.Handle ?? IntPtr.Zero, running_var?.Handle ?? IntPtr.Zero, training ? (byte)1 : (byte)0, momentum, eps));
    }

    /// <summary>Layer normalisation (Ba et al., 2016) over the trailing dims given by normalized_shape.</summary>
    public static Tensor layer_norm(Tensor input, ReadOnlySpan<long> normalized_shape, Tensor? weight = null, Tensor? bias = null,
        double eps = 1e-5)
    {
        Cost.Touch("layer_norm", input);
        fixed (long* s = normalized_shape)
            return new(Native.abl_layer_norm(input.Handle, s, normalized_shape.Length, weight?.Handle ?? IntPtr.Zero,
                bias?.Handle ?? IntPtr.Zero, eps));
    }

    /// <summary>Group normalisation (Wu and He, 2018): channels in num_groups groups, normalised per group.</summary>
    public static Tensor group_norm(Tensor input, long num_groups, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
    {
        Cost.Touch("group_norm", input);
        return new(Native.abl_group_norm(input.Handle, num_groups, weight?.Handle ?? IntPtr.Zero, bias?.Handle ?? IntPtr.Zero, eps));
    }

    /// <summary>Zeroes each element with probability p and scales the rest by 1 / (1 - p) while training.</summary>
    public static Tensor dropout(Tensor input, double p = 0.5, bool training = true)
    {
        if (p < 0 || p > 1) throw new ArgumentOutOfRangeException(nameof(p), $"dropout probability must be in [0, 1], got {p}");
        return Cost.Elementwise("dropout", Native.abl_dropout(input.Handle, p, training ? (byte)1 : (byte)0));
    }

    /// <summary>Constant padding; `pad` lists (before, after) pairs starting from the last dimension, as F.pad.</summary>
    public static Tensor pad(Tensor input, ReadOnlySpan<long> pad, double value = 0)
    {
        if (pad.Length % 2 != 0) throw new ArgumentException($"pad: needs (before, after) pairs, got {pad.Length} values");
        fixed (long* p = pad) return new(Native.abl_constant_pad(input.Handle, p, pad.Length, value));
    }

    /// <summary>int64 class indices to one-hot int64 rows of num_classes (-1: max index + 1).</summary>
    public static Tensor one_hot(Tensor tensor, long num_classes = -1) => new(Native.abl_one_hot(tensor.Handle, num_classes));
}
