namespace Ablation.Torch;

/// <summary>
/// torch.nn.functional: the ops models are written with, with PyTorch's names and argument names so a
/// paper's code reads line by line next to ours. Every op here also reports its cost to an active
/// MacCounter (see MacCounter.cs).
/// </summary>
public static unsafe partial class F
{
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0,
        long dilation = 1, long groups = 1) =>
        conv2d(input, weight, bias, (stride, stride), (padding, padding), (dilation, dilation), groups);

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
            var w = weight.Shape;
            MacCounter.AddMacs("conv2d", output.NumEl * (w[1] * w[2] * w[3]));
        }
        return output;
    }

    public static Tensor relu(Tensor input)
    {
        MacCounter.AddElements("relu", MacCounter.IsActive ? input.NumEl : 0);
        return new(Native.abl_relu(input.Handle));
    }
}

public static partial class torch
{
    public static Tensor matmul(Tensor input, Tensor other) => new(Native.abl_matmul(input.Handle, other.Handle));
}
