namespace Ablation.Torch.nn;

/// <summary>
/// y = x W^T + b over the last dimension, torch.nn.Linear: weight [out_features, in_features], optional
/// bias [out_features], PyTorch's default initialisation (see <see cref="DefaultInit"/>).
/// </summary>
public sealed class Linear : Module
{
    public long in_features { get; }
    public long out_features { get; }
    public Tensor weight { get; }
    public Tensor? bias { get; }

    public Linear(long in_features, long out_features, bool bias = true, Device? device = null, DType dtype = DType.Float32)
    {
        if (in_features < 0 || out_features <= 0)
            throw new ArgumentException($"Linear: in_features ({in_features}) must be >= 0 and out_features ({out_features}) positive");
        this.in_features = in_features;
        this.out_features = out_features;
        weight = RegisterParameter("weight", torch.empty(new[] { out_features, in_features }, dtype, device));
        if (bias) this.bias = RegisterParameter("bias", torch.empty(new[] { out_features }, dtype, device));
        DefaultInit.WeightAndBias(weight, this.bias);
    }

    public override Tensor Forward(Tensor input) => F.linear(input, weight, bias);

    protected override string ExtraRepr() => $"in_features={in_features}, out_features={out_features}, bias={(bias is null ? "False" : "True")}";
}
