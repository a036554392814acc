namespace Ablation.Torch;

/// <summary>
/// Reductions over dimensions (sum, mean, var, amax, amin; no dims means all elements) and selections
/// (max/min with indices, argmax, topk), as torch.Tensor spells them. They count the elements they read
/// with an active MacCounter.
/// </summary>
public unsafe partial class Tensor
{
    public Tensor Sum() => Sum(ReadOnlySpan<long>.Empty);
    public Tensor Sum(long dim, bool keepdim = false) => Sum([dim], keepdim);

    public Tensor Sum(ReadOnlySpan<long> dim, bool keepdim = false)
    {
        Cost.Touch("sum", this);
        fixed (long* d = dim) return new(Native.abl_sum(Handle, d, dim.Length, keepdim ? (byte)1 : (byte)0));
    }

    public Tensor Mean() => Mean(ReadOnlySpan<long>.Empty);
    public Tensor Mean(long dim, bool keepdim = false) => Mean([dim], keepdim);

    public Tensor Mean(ReadOnlySpan<long> dim, bool keepdim = false)
    {
        Cost.Touch("mean", this);
        fixed (long* d = dim) return new(Native.abl_mean(Handle, d, dim.Length, keepdim ? (byte)1 : (byte)0));
    }

    /// <summary>Variance with `correction` (1: unbiased, Bessel; 0: population), over dims or all elements.</summary>
    public Tensor Var(ReadOnlySpan<long> dim, long correction = 1, bool keepdim = false)
    {
        Cost.Touch("var", this);
        fixed (long* d = dim) return new(Native.abl_var(Handle, d, dim.Length, correction, keepdim ? (byte)1 : (byte)0));
    }

    public Tensor Var(long dim, long correction = 1, bool keepdim = false) => Var([dim], correction, keepdim);

    /// <summary>Unbiased variance of all elements.</summary>
    public Tensor Var() => Var(ReadOnlySpan<long>.Empty);

    /// <summary>The maximum over dims (all elements when none are given); gradients split evenly among ties.</summary>
    public Tensor Amax(ReadOnlySpan<long> dim, bool keepdim = false)
    {
        Cost.Touch("amax", this);
        fixed (long* d = dim) return new(Native.abl_amax(Handle, d, dim.Length, keepdim ? (byte)1 : (byte)0));
    }

    public Tensor Amax(long dim, bool keepdim = false) => Amax([dim], keepdim);

    public Tensor Amin(ReadOnlySpan<long> dim, bool keepdim = false)
    {
        Cost.Touch("amin", this);
        fixed (long* d = dim) return new(Native.abl_amin(Handle, d, dim.Length, keepdim ? (byte)1 : (byte)0));
    }

    public Tensor Amin(long dim, bool keepdim = false) => Amin([dim], keepdim);

    /// <summary>The largest element (a 0-d tensor).</summary>
    public Tensor Max()
    {
        Cost.Touch("max", this);
        return new(Native.abl_max_all(Handle));
    }

    /// <summary>The largest elements along `dim` and their indices (torch.max(x, dim)).</summary>
    public (Tensor values, Tensor indices) Max(long dim, bool keepdim = false)
    {
        Cost.Touch("max", this);
        Native.Check(Native.abl_max_dim(Handle, dim, keepdim ? (byte)1 : (byte)0, out var v, out var i));
        return (new Tensor(v), new Tensor(i));
    }

    public Tensor Min()
    {
        Cost.Touch("min", this);
        return new(Native.abl_min_all(Handle));
    }

    public (Tensor values, Tensor indices) Min(long dim, bool keepdim = false)
    {
        Cost.Touch("min", this);
        Native.Check(Native.abl_min_dim(Handle, dim, keepdim ? (byte)1 : (byte)0, out var v, out var i));
        return (new Tensor(v), new Tensor(i));
    }

    /// <summary>Index of the largest element along `dim`, or into the flattened tensor when dim is null.</summary>
    public Tensor Argmax(long? dim = null, bool keepdim = false) =>
        new(Native.abl_argmax(Handle, dim ?? 0, dim.HasValue ? (byte)1 : (byte)0, keepdim ? (byte)1 : (byte)0));

    public Tensor Argmin(long? dim = null, bool keepdim = false) =>
        new(Native.abl_argmin(Handle, dim ?? 0, dim.HasValue ? (byte)1 : (byte)0, keepdim ? (byte)1 : (byte)0));

    /// <summary>The k largest (or smallest) elements along `dim` and their indices.</summary>
    public (Tensor values, Tensor indices) Topk(long k, long dim = -1, bool largest = true, bool sorted = true)
    {
        Native.Check(Native.abl_topk(Handle, k, dim, largest ? (byte)1 : (byte)0, sorted ? (byte)1 : (byte)0, out var v, out var i));
        return (new Tensor(v), new Tensor(i));
    }

    public Tensor Cumsum(long dim) => new(Native.abl_cumsum(Handle, dim));

    // ---- matrix products (counted as MACs) -------------------------------------------------------------
    public Tensor Matmul(Tensor other) => torch.matmul(this, other);
    public Tensor Bmm(Tensor other) => torch.bmm(this, other);
}
