using static TorchSharp.torch;

namespace Ablation.TorchSupport.nn;

/// <summary>1-d convolution over (N, C, L), torch.nn.Conv1d (ECA's channel convolution), counted and meta-capable.</summary>
public sealed class Conv1d : ExplicitModule
{
    public long kernel_size { get; }
    public long stride { get; }
    public long padding { get; }
    public long dilation { get; }
    public long groups { get; }

    public Tensor weight { get => _weight; set => _weight = Reassign(nameof(weight), value, parameter: true)!; }
    private Tensor _weight;
    public Tensor? bias { get => _bias; set => _bias = Reassign(nameof(bias), value, parameter: true); }
    private Tensor? _bias;

    public Conv1d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0,
        long dilation = 1, long groups = 1, bool bias = true, Device? device = null, ScalarType dtype = ScalarType.Float32)
        : base(nameof(Conv1d))
    {
        if (in_channels <= 0 || out_channels <= 0 || groups <= 0 || in_channels % groups != 0 || out_channels % groups != 0)
            throw new ArgumentException($"Conv1d: channels ({in_channels} -> {out_channels}) must be positive and divisible by groups ({groups})");
        this.kernel_size = kernel_size;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        _weight = RegisterParameter("weight", empty(new[] { out_channels, in_channels / groups, kernel_size }, dtype, device));
        if (bias) this._bias = RegisterParameter("bias", empty(new[] { out_channels }, dtype, device));
        DefaultInit.WeightAndBias(weight, this.bias);
    }

    public override Tensor forward(Tensor input) => F.conv1d(input, weight, bias, stride, padding, dilation, groups);
}
