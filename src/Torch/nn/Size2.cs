namespace Ablation.Torch.nn;

/// <summary>
/// A 2-d size argument (kernel_size, stride, padding, ...) written either as one number or as a pair,
/// as PyTorch's `_size_2_t`: `kernel_size: 3` or `kernel_size: (1, 7)`.
/// </summary>
public readonly record struct Size2(long H, long W)
{
    public static implicit operator Size2(long value) => new(value, value);
    public static implicit operator Size2((long H, long W) pair) => new(pair.H, pair.W);
    public (long, long) Tuple => (H, W);
    public override string ToString() => $"({H}, {W})";
}
