using static TorchSharp.torch;

namespace Ablation.TorchSupport.nn;

/// <summary>
/// y = x W^T + b over the last dimension, torch.nn.Linear: weight [out_features, in_features], optional bias
/// [out_features], PyTorch's default initialisation; counted through <see cref="F.linear"/>.
/// </summary>
public sealed class Linear : ExplicitModule
{
    public long in_features { get; }
    public long out_features { get; }
    public Tensor weight { get => _weight; set => _weight = Reassign(nameof(weight), value, parameter: true)!; }
    private Tensor _weight;
    public Tensor? bias { get => _bias; set => _bias = Reassign(nameof(bias), value, parameter: true); }
    private Tensor? _bias;

    public Linear(long in_features, long out_features, bool bias = true, Device? device = null, ScalarType dtype = ScalarType.Float32)
        : base(nameof(Linear))
    {
        if (in_features < 0 || out_features <= 0)
            throw new ArgumentException($"Linear: in_features ({in_features}) must be >= 0 and out_features ({out_features}) positive");
        this.in_features = in_features;
        this.out_features = out_features;
        _weight = RegisterParameter("weight", empty(new[] { out_features, in_features }, dtype, device));
        if (bias) this._bias = RegisterParameter("bias", empty(new[] { out_features }, dtype, device));
        DefaultInit.WeightAndBias(weight, this.bias);
    }

    public override Tensor forward(Tensor input) => F.linear(input, weight, bias);
}
