namespace Ablation.Torch.nn;

/// <summary>
/// Zeroes elements with probability p and scales the rest by 1 / (1 - p) in training mode, the identity
/// in evaluation mode, torch.nn.Dropout (Srivastava et al. 2014).
/// </summary>
public sealed class Dropout : Module
{
    public double p { get; }

    public Dropout(double p = 0.5)
    {
        if (p < 0 || p > 1) throw new ArgumentException($"Dropout: p must be in [0, 1], got {p}");
        this.p = p;
    }

    public override Tensor Forward(Tensor input) => F.dropout(input, p, Training);
    protected override string ExtraRepr() => $"p={p}";
}
