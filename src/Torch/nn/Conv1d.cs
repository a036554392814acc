namespace Ablation.Torch.nn;

/// <summary>
/// 1-d convolution over (N, C, L), torch.nn.Conv1d (ECA-Net's channel convolution, for one): weight
/// [out_channels, in_channels / groups, kernel_size], optional bias, PyTorch's default initialisation.
/// </summary>
public sealed class Conv1d : Module
{
    public long in_channels { get; }
    public long out_channels { get; }
    public long kernel_size { get; }
    public long stride { get; }
    public long padding { get; }
    public long dilation { get; }
    public long groups { get; }

    public Tensor weight { get; }
    public Tensor? bias { get; }

    public Conv1d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0, long dilation = 1,
        long groups = 1, bool bias = true, Device? device = null, DType dtype = DType.Float32)
    {
        if (in_channels <= 0 || out_channels <= 0 || kernel_size <= 0)
            throw new ArgumentException($"Conv1d: in_channels ({in_channels}), out_channels ({out_channels}) and kernel_size ({kernel_size}) must be positive");
        if (groups <= 0 || in_channels % groups != 0 || out_channels % groups != 0)
            throw new ArgumentException($"Conv1d: groups ({groups}) must divide in_channels ({in_channels}) and out_channels ({out_channels})");
        this.in_channels = in_channels;
        this.out_channels = out_channels;
        this.kernel_size = kernel_size;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        weight = RegisterParameter("weight", torch.empty(new[] { out_channels, in_channels / groups, kernel_size }, dtype, device));
        if (bias) this.bias = RegisterParameter("bias", torch.empty(new[] { out_channels }, dtype, device));
        DefaultInit.WeightAndBias(weight, this.bias);
    }

    public override Tensor Forward(Tensor input) => F.conv1d(input, weight, bias, stride, padding, dilation, groups);

    protected override string ExtraRepr() =>
        $"{in_channels}, {out_channels}, kernel_size=({kernel_size},), stride=({stride},)" +
        (padding != 0 ? $", padding=({padding},)" : "") + (bias is null ? ", bias=False" : "");
}
