namespace Ablation.Torch.nn;

/// <summary>
/// 2-d convolution over NCHW input, torch.nn.Conv2d: weight [out_channels, in_channels / groups, kH, kW],
/// optional bias [out_channels], PyTorch's default initialisation (see <see cref="DefaultInit"/>).
/// <code>new Conv2d(64, 128, kernel_size: 3, stride: 2, padding: 1, bias: false)</code>
/// </summary>
public sealed class Conv2d : Module
{
    public long in_channels { get; }
    public long out_channels { get; }
    public Size2 kernel_size { get; }
    public Size2 stride { get; }
    public Size2 padding { get; }
    public Size2 dilation { get; }
    public long groups { get; }

    public Tensor weight { get; }
    public Tensor? bias { get; }

    public Conv2d(long in_channels, long out_channels, Size2 kernel_size, Size2? stride = null, Size2? padding = null,
        Size2? dilation = null, long groups = 1, bool bias = true, Device? device = null, DType dtype = DType.Float32)
    {
        if (in_channels <= 0 || out_channels <= 0)
            throw new ArgumentException($"Conv2d: in_channels ({in_channels}) and out_channels ({out_channels}) must be positive");
        if (groups <= 0 || in_channels % groups != 0 || out_channels % groups != 0)
            throw new ArgumentException($"Conv2d: groups ({groups}) must divide in_channels ({in_channels}) and out_channels ({out_channels})");
        this.in_channels = in_channels;
        this.out_channels = out_channels;
        this.kernel_size = kernel_size;
        this.stride = stride ?? 1;
        this.padding = padding ?? 0;
        this.dilation = dilation ?? 1;
        this.groups = groups;
        weight = RegisterParameter("weight",
            torch.empty(new[] { out_channels, in_channels / groups, kernel_size.H, kernel_size.W }, dtype, device));
        if (bias) this.bias = RegisterParameter("bias", torch.empty(new[] { out_channels }, dtype, device));
        DefaultInit.WeightAndBias(weight, this.bias);
    }

    public override Tensor Forward(Tensor input) =>
        F.conv2d(input, weight, bias, stride.Tuple, padding.Tuple, dilation.Tuple, groups);

    protected override string ExtraRepr() =>
        $"{in_channels}, {out_channels}, kernel_size={kernel_size}, stride={stride}" +
        (padding != new Size2(0, 0) ? $", padding={padding}" : "") +
        (dilation != new Size2(1, 1) ? $", dilation={dilation}" : "") +
        (groups != 1 ? $", groups={groups}" : "") + (bias is null ? ", bias=False" : "");
}
