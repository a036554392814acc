namespace Ablation.Torch;

/// <summary>Reductions over dimensions (torch.sum, mean, ...); no dims means all elements.</summary>
public partial class Tensor
{
    public Tensor Sum() => Sum(Array.Empty<long>());
    public Tensor Sum(long dim, bool keepdim = false) => Sum(new[] { dim }, keepdim);

    public unsafe Tensor Sum(long[] dim, bool keepdim = false)
    {
        fixed (long* d = dim) return new(Native.abl_sum(Handle, d, dim.Length, keepdim ? (byte)1 : (byte)0));
    }

    public Tensor Mean() => Mean(Array.Empty<long>());
    public Tensor Mean(long dim, bool keepdim = false) => Mean(new[] { dim }, keepdim);

    public unsafe Tensor Mean(long[] dim, bool keepdim = false)
    {
        fixed (long* d = dim) return new(Native.abl_mean(Handle, d, dim.Length, keepdim ? (byte)1 : (byte)0));
    }
}
