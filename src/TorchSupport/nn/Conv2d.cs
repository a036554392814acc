using static TorchSharp.torch;

namespace Ablation.TorchSupport.nn;

/// <summary>
/// 2-d convolution over NCHW input, torch.nn.Conv2d: weight [out_channels, in_channels / groups, kH, kW], optional
/// bias [out_channels], PyTorch's default initialisation; counted and meta-capable through <see cref="F.conv2d(Tensor, Tensor, Tensor?, (long, long), (long, long), (long, long), long)"/>.
/// <code>new Conv2d(64, 128, kernel_size: 3, stride: 2, padding: 1, bias: false)</code>
/// </summary>
public sealed class Conv2d : ExplicitModule
{
    public long in_channels { get; }
    public long out_channels { get; }
    public (long, long) kernel_size { get; }
    public (long, long) stride { get; }
    public (long, long) padding { get; }
    public (long, long) dilation { get; }
    public long groups { get; }

    public Tensor weight { get => _weight; set => _weight = Reassign(nameof(weight), value, parameter: true)!; }
    private Tensor _weight;
    public Tensor? bias { get => _bias; set => _bias = Reassign(nameof(bias), value, parameter: true); }
    private Tensor? _bias;

    public Conv2d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0,
        long dilation = 1, long groups = 1, bool bias = true, Device? device = null, ScalarType dtype = ScalarType.Float32)
        : this(in_channels, out_channels, (kernel_size, kernel_size), (stride, stride), (padding, padding), (dilation, dilation),
            groups, bias, device, dtype) { }

    public Conv2d(long in_channels, long out_channels, (long, long) kernel_size, (long, long) stride, (long, long) padding,
        (long, long) dilation, long groups = 1, bool bias = true, Device? device = null, ScalarType dtype = ScalarType.Float32)
        : base(nameof(Conv2d))
    {
        if (in_channels <= 0 || out_channels <= 0)
            throw new ArgumentException($"Conv2d: in_channels ({in_channels}) and out_channels ({out_channels}) must be positive");
        if (groups <= 0 || in_channels % groups != 0 || out_channels % groups != 0)
            throw new ArgumentException($"Conv2d: groups ({groups}) must divide in_channels ({in_channels}) and out_channels ({out_channels})");
        this.in_channels = in_channels;
        this.out_channels = out_channels;
        this.kernel_size = kernel_size;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        _weight = RegisterParameter("weight",
            empty(new[] { out_channels, in_channels / groups, kernel_size.Item1, kernel_size.Item2 }, dtype, device));
        if (bias) this._bias = RegisterParameter("bias", empty(new[] { out_channels }, dtype, device));
        DefaultInit.WeightAndBias(weight, this.bias);
    }

    public override Tensor forward(Tensor input) => F.conv2d(input, weight, bias, stride, padding, dilation, groups);
}
