using static TorchSharp.torch;

namespace Ablation.TorchSupport;

/// <summary>
/// Counted element-wise arithmetic and reductions, torch.mul/add/... by name. TorchSharp's operators cannot be
/// observed, so model code that should appear in the per-op breakdown (the gating products and sums inside
/// attention modules, residual additions) calls these instead of `*` and `+`.
/// </summary>
public static partial class F
{
    public static Tensor add(Tensor input, Tensor other) => Cost.Elementwise("add", input + other);
    public static Tensor add(Tensor input, double other) => Cost.Elementwise("add", input + other);
    public static Tensor sub(Tensor input, Tensor other) => Cost.Elementwise("sub", input - other);
    public static Tensor mul(Tensor input, Tensor other) => Cost.Elementwise("mul", input * other);
    public static Tensor mul(Tensor input, double other) => Cost.Elementwise("mul", input * other);
    public static Tensor div(Tensor input, Tensor other) => Cost.Elementwise("div", input / other);
    public static Tensor div(Tensor input, double other) => Cost.Elementwise("div", input / other);
    public static Tensor pow(Tensor input, double exponent) => Cost.Elementwise("pow", input.pow(exponent));
    public static Tensor sqrt(Tensor input) => Cost.Elementwise("sqrt", input.sqrt());
    public static Tensor exp(Tensor input) => Cost.Elementwise("exp", input.exp());
    public static Tensor log(Tensor input) => Cost.Elementwise("log", input.log());

    /// <summary>|x|; libtorch has no meta kernel for it.</summary>
    public static Tensor abs(Tensor input) =>
        Cost.Elementwise("abs", Cost.IsMeta(input) ? MetaShapes.Like(input) : input.abs());

    /// <summary>Mean over <paramref name="dim"/>; counts the elements read.</summary>
    public static Tensor mean(Tensor input, long[] dim, bool keepdim = false)
    {
        Cost.Touch("mean", input);
        return input.mean(dim, keepdim);
    }

    public static Tensor sum(Tensor input, long[] dim, bool keepdim = false)
    {
        Cost.Touch("sum", input);
        return input.sum(dim, keepdim);
    }

    public static Tensor amax(Tensor input, long[] dim, bool keepdim = false)
    {
        Cost.Touch("amax", input);
        return input.amax(dim, keepdim);
    }

    /// <summary>The maximum values over one dimension (torch.max(x, dim)[0]; its backward routes through the indices).</summary>
    public static Tensor max(Tensor input, long dim, bool keepdim = false)
    {
        Cost.Touch("max", input);
        return input.max(dim, keepdim).values;
    }
}
