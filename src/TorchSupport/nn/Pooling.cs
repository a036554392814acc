using static TorchSharp.torch;

namespace Ablation.TorchSupport.nn;

/// <summary>Max over kH x kW windows, torch.nn.MaxPool2d; stride defaults to the kernel size.</summary>
public sealed class MaxPool2d(long kernel_size, long? stride = null, long padding = 0, long dilation = 1, bool ceil_mode = false)
    : ExplicitModule(nameof(MaxPool2d))
{
    public override Tensor forward(Tensor input) => F.max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode);
}

/// <summary>Mean over kH x kW windows, torch.nn.AvgPool2d; stride defaults to the kernel size.</summary>
public sealed class AvgPool2d(long kernel_size, long? stride = null, long padding = 0, bool ceil_mode = false,
    bool count_include_pad = true) : ExplicitModule(nameof(AvgPool2d))
{
    public override Tensor forward(Tensor input) => F.avg_pool2d(input, kernel_size, stride, padding, ceil_mode, count_include_pad);
}

/// <summary>Average pooling to a fixed output size, torch.nn.AdaptiveAvgPool2d (1: global average pooling).</summary>
public sealed class AdaptiveAvgPool2d((long, long) output_size) : ExplicitModule(nameof(AdaptiveAvgPool2d))
{
    public AdaptiveAvgPool2d(long output_size) : this((output_size, output_size)) { }
    public (long, long) output_size { get; } = output_size;
    public override Tensor forward(Tensor input) => F.adaptive_avg_pool2d(input, output_size);
}

/// <summary>Max pooling to a fixed output size, torch.nn.AdaptiveMaxPool2d.</summary>
public sealed class AdaptiveMaxPool2d((long, long) output_size) : ExplicitModule(nameof(AdaptiveMaxPool2d))
{
    public AdaptiveMaxPool2d(long output_size) : this((output_size, output_size)) { }
    public override Tensor forward(Tensor input) => F.adaptive_max_pool2d(input, output_size);
}

/// <summary>Flattens dims start_dim..end_dim into one, torch.nn.Flatten (a view: no cost).</summary>
public sealed class Flatten(long start_dim = 1, long end_dim = -1) : ExplicitModule(nameof(Flatten))
{
    public override Tensor forward(Tensor input) => input.flatten(start_dim, end_dim);
}

/// <summary>Returns its input, torch.nn.Identity.</summary>
public sealed class Identity() : ExplicitModule(nameof(Identity))
{
    public override Tensor forward(Tensor input) => input.alias();
}

/// <summary>Dropout (Srivastava et al. 2014) while training, the identity in evaluation mode, torch.nn.Dropout.</summary>
public sealed class Dropout(double p = 0.5) : ExplicitModule(nameof(Dropout))
{
    public double p { get; } = p;
    public override Tensor forward(Tensor input) => F.dropout(input, p, training);
}
