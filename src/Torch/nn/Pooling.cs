namespace Ablation.Torch.nn;

/// <summary>Max over kH x kW windows, torch.nn.MaxPool2d; stride defaults to the kernel size.</summary>
public sealed class MaxPool2d(Size2 kernel_size, Size2? stride = null, Size2? padding = null, Size2? dilation = null,
    bool ceil_mode = false) : Module
{
    public Size2 kernel_size { get; } = kernel_size;
    public Size2 stride { get; } = stride ?? kernel_size;
    public Size2 padding { get; } = padding ?? 0;
    public Size2 dilation { get; } = dilation ?? 1;
    public bool ceil_mode { get; } = ceil_mode;

    public override Tensor Forward(Tensor input) =>
        F.max_pool2d(input, kernel_size.Tuple, stride.Tuple, padding.Tuple, dilation.Tuple, ceil_mode);

    protected override string ExtraRepr() => $"kernel_size={kernel_size}, stride={stride}, padding={padding}, ceil_mode={ceil_mode}";
}

/// <summary>Mean over kH x kW windows, torch.nn.AvgPool2d; stride defaults to the kernel size.</summary>
public sealed class AvgPool2d(Size2 kernel_size, Size2? stride = null, Size2? padding = null, bool ceil_mode = false,
    bool count_include_pad = true) : Module
{
    public Size2 kernel_size { get; } = kernel_size;
    public Size2 stride { get; } = stride ?? kernel_size;
    public Size2 padding { get; } = padding ?? 0;
    public bool ceil_mode { get; } = ceil_mode;
    public bool count_include_pad { get; } = count_include_pad;

    public override Tensor Forward(Tensor input) =>
        F.avg_pool2d(input, kernel_size.Tuple, stride.Tuple, padding.Tuple, ceil_mode, count_include_pad);

    protected override string ExtraRepr() => $"kernel_size={kernel_size}, stride={stride}, padding={padding}";
}

/// <summary>Average pooling to a fixed output size, torch.nn.AdaptiveAvgPool2d (1: global average pooling).</summary>
public sealed class AdaptiveAvgPool2d(Size2 output_size) : Module
{
    public Size2 output_size { get; } = output_size;
    public override Tensor Forward(Tensor input) => F.adaptive_avg_pool2d(input, output_size.Tuple);
    protected override string ExtraRepr() => $"output_size={output_size}";
}

/// <summary>Max pooling to a fixed output size, torch.nn.AdaptiveMaxPool2d.</summary>
public sealed class AdaptiveMaxPool2d(Size2 output_size) : Module
{
    public Size2 output_size { get; } = output_size;
    public override Tensor Forward(Tensor input) => F.adaptive_max_pool2d(input, output_size.Tuple);
    protected override string ExtraRepr() => $"output_size={output_size}";
}
