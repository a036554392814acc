namespace Ablation.Torch.nn;

/// <summary>Flattens dimensions start_dim..end_dim into one, torch.nn.Flatten (default: all but the batch).</summary>
public sealed class Flatten(long start_dim = 1, long end_dim = -1) : Module
{
    public long start_dim { get; } = start_dim;
    public long end_dim { get; } = end_dim;
    public override Tensor Forward(Tensor input) => input.Flatten(start_dim, end_dim);
    protected override string ExtraRepr() => $"start_dim={start_dim}, end_dim={end_dim}";
}
