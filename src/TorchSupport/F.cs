using TorchSharp;
using static TorchSharp.torch;
using TF = TorchSharp.torch.nn.functional;

namespace Ablation.TorchSupport;

/// <summary>
/// The counted ops models are written with: torch.nn.functional and torch ops under PyTorch's names and
/// argument names, so a paper's code reads line by line next to ours. Each calls TorchSharp (all arithmetic runs
/// in libtorch), reports its cost to an active <see cref="MacCounter"/> (convolution, linear and matmul as
/// multiply-accumulates, the rest as elements touched), and on the meta device supplies the output shape where
/// libtorch has no meta kernel (<see cref="MetaShapes"/>).
/// This file: convolution, linear, matrix products, normalisation, dropout, padding; F.*.cs hold the other families.
/// </summary>
public static partial class F
{
    /// <summary>1-d convolution over (N, C_in, L) with weight (C_out, C_in / groups, k).</summary>
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0,
        long dilation = 1, long groups = 1)
    {
        long[] s = { stride }, p = { padding }, d = { dilation };
        var output = Cost.IsMeta(input)
            ? MetaShapes.Convolution(input, weight, s, p, d)
            : TF.conv1d(input, weight, bias, stride, padding, dilation, groups);
        // Each output element is a dot product over (C_in / groups) * k inputs.
        if (MacCounter.IsActive) MacCounter.AddMacs("conv1d", output.numel() * weight.shape[1] * weight.shape[2]);
        return output;
    }

    public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0,
        long dilation = 1, long groups = 1) =>
        conv2d(input, weight, bias, (stride, stride), (padding, padding), (dilation, dilation), groups);

    /// <summary>2-d convolution over (N, C_in, H, W) with weight (C_out, C_in / groups, kH, kW).</summary>
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias, (long, long) stride, (long, long) padding,
        (long, long) dilation, long groups = 1)
    {
        long[] s = { stride.Item1, stride.Item2 }, p = { padding.Item1, padding.Item2 }, d = { dilation.Item1, dilation.Item2 };
        var output = Cost.IsMeta(input)
            ? MetaShapes.Convolution(input, weight, s, p, d)
            : TF.conv2d(input, weight, bias, s, p, d, groups);
        // Each output element is a dot product over (C_in / groups) * kH * kW inputs.
        if (MacCounter.IsActive)
            MacCounter.AddMacs("conv2d", output.numel() * (weight.shape[1] * weight.shape[2] * weight.shape[3]));
        return output;
    }

    /// <summary>y = x W^T + b over the last dimension; weight is (out_features, in_features).</summary>
    public static Tensor linear(Tensor input, Tensor weight, Tensor? bias = null)
    {
        var output = TF.linear(input, weight, bias);
        if (MacCounter.IsActive) MacCounter.AddMacs("linear", output.numel() * weight.shape[^1]);
        return output;
    }

    /// <summary>Matrix product with broadcasting (torch.matmul): each output element sums over the inner dimension.</summary>
    public static Tensor matmul(Tensor input, Tensor other)
    {
        var output = torch.matmul(input, other);
        if (MacCounter.IsActive) MacCounter.AddMacs("matmul", output.numel() * input.shape[^1]);
        return output;
    }

    /// <summary>Batched matrix product (B, n, m) x (B, m, p).</summary>
    public static Tensor bmm(Tensor input, Tensor mat2)
    {
        var output = torch.bmm(input, mat2);
        if (MacCounter.IsActive) MacCounter.AddMacs("bmm", output.numel() * input.shape[^1]);
        return output;
    }

    /// <summary>
    /// Batch normalisation (Ioffe and Szegedy, 2015): y = (x - mean) / sqrt(var + eps) * weight + bias over
    /// channel dimension 1. With training = true the batch statistics are used and the running statistics (when
    /// given) are updated in place: running = (1 - momentum) * running + momentum * batch (unbiased variance).
    /// </summary>
    public static Tensor batch_norm(Tensor input, Tensor? running_mean, Tensor? running_var, Tensor? weight = null,
        Tensor? bias = null, bool training = false, double momentum = 0.1, double eps = 1e-5)
    {
        Cost.Touch("batch_norm", input);
        return Cost.IsMeta(input)
            ? MetaShapes.Like(input)
            : TF.batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps);
    }

    /// <summary>Layer normalisation (Ba et al., 2016) over the trailing dims given by normalized_shape.</summary>
    public static Tensor layer_norm(Tensor input, long[] normalized_shape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
    {
        Cost.Touch("layer_norm", input);
        return Cost.IsMeta(input) ? MetaShapes.Like(input) : TF.layer_norm(input, normalized_shape, weight, bias, eps);
    }

    /// <summary>Group normalisation (Wu and He, 2018): channels in num_groups groups, normalised per group.</summary>
    public static Tensor group_norm(Tensor input, long num_groups, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
    {
        Cost.Touch("group_norm", input);
        return Cost.IsMeta(input) ? MetaShapes.Like(input) : TF.group_norm(input, num_groups, weight, bias, eps);
    }

    /// <summary>Zeroes each element with probability p and scales the rest by 1 / (1 - p) while training.</summary>
    public static Tensor dropout(Tensor input, double p = 0.5, bool training = true)
    {
        if (p < 0 || p > 1) throw new ArgumentOutOfRangeException(nameof(p), $"dropout probability must be in [0, 1], got {p}");
        // The identity when not training is a new handle, never the input object: TorchSharp's Sequential disposes
        // what each child returns once the next has run.
        return Cost.Elementwise("dropout", training && p > 0 ? TF.dropout(input, p, training) : input.alias());
    }

    /// <summary>Constant padding; `pad` lists (before, after) pairs starting from the last dimension, as F.pad.</summary>
    public static Tensor pad(Tensor input, long[] pad, double value = 0) => TF.pad(input, pad, PaddingModes.Constant, value);
}
