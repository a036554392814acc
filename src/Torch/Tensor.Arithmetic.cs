namespace Ablation.Torch;

/// <summary>
/// Arithmetic operators, math functions (pow, sqrt, exp, ...), comparisons and the in-place variants
/// optimizers use (add_, mul_, addcmul_, ...), as torch.Tensor spells them. Element-wise results count
/// their elements with an active MacCounter.
/// </summary>
public partial class Tensor
{
    public static Tensor operator +(Tensor a, Tensor b) => Cost.Elementwise("add", Native.abl_add(a.Handle, b.Handle, 1));
    public static Tensor operator +(Tensor a, double b) => Cost.Elementwise("add", Native.abl_add_scalar(a.Handle, b));
    public static Tensor operator +(double a, Tensor b) => Cost.Elementwise("add", Native.abl_add_scalar(b.Handle, a));
    public static Tensor operator -(Tensor a, Tensor b) => Cost.Elementwise("sub", Native.abl_sub(a.Handle, b.Handle));
    public static Tensor operator -(Tensor a, double b) => Cost.Elementwise("sub", Native.abl_add_scalar(a.Handle, -b));
    public static Tensor operator -(double a, Tensor b) => Cost.Elementwise("sub", Native.abl_rsub_scalar(b.Handle, a));
    public static Tensor operator -(Tensor a) => Cost.Elementwise("neg", Native.abl_neg(a.Handle));
    public static Tensor operator *(Tensor a, Tensor b) => Cost.Elementwise("mul", Native.abl_mul(a.Handle, b.Handle));
    public static Tensor operator *(Tensor a, double b) => Cost.Elementwise("mul", Native.abl_mul_scalar(a.Handle, b));
    public static Tensor operator *(double a, Tensor b) => Cost.Elementwise("mul", Native.abl_mul_scalar(b.Handle, a));
    public static Tensor operator /(Tensor a, Tensor b) => Cost.Elementwise("div", Native.abl_div(a.Handle, b.Handle));
    public static Tensor operator /(Tensor a, double b) => Cost.Elementwise("div", Native.abl_div_scalar(a.Handle, b));
    public static Tensor operator /(double a, Tensor b) => Cost.Elementwise("div", Native.abl_rdiv_scalar(b.Handle, a));

    /// <summary>Element-wise comparisons giving bool tensors (torch.gt, torch.lt, ...).</summary>
    public static Tensor operator >(Tensor a, Tensor b) => a.Gt(b);
    public static Tensor operator <(Tensor a, Tensor b) => a.Lt(b);
    public static Tensor operator >=(Tensor a, Tensor b) => a.Ge(b);
    public static Tensor operator <=(Tensor a, Tensor b) => a.Le(b);
    public static Tensor operator >(Tensor a, double b) => a.Gt(b);
    public static Tensor operator <(Tensor a, double b) => a.Lt(b);
    public static Tensor operator >=(Tensor a, double b) => a.Ge(b);
    public static Tensor operator <=(Tensor a, double b) => a.Le(b);

    /// <summary>this + alpha * other (torch.add).</summary>
    public Tensor Add(Tensor other, double alpha = 1) => Cost.Elementwise("add", Native.abl_add(Handle, other.Handle, alpha));
    public Tensor Sub(Tensor other) => this - other;
    public Tensor Mul(Tensor other) => this * other;
    public Tensor Div(Tensor other) => this / other;

    // ---- math ------------------------------------------------------------------------------------------
    public Tensor Pow(double exponent) => Cost.Elementwise("pow", Native.abl_pow_scalar(Handle, exponent));
    public Tensor Pow(Tensor exponent) => Cost.Elementwise("pow", Native.abl_pow(Handle, exponent.Handle));
    public Tensor Sqrt() => Cost.Elementwise("sqrt", Native.abl_sqrt(Handle));
    public Tensor Rsqrt() => Cost.Elementwise("rsqrt", Native.abl_rsqrt(Handle));
    public Tensor Abs() => Cost.Elementwise("abs", Native.abl_abs(Handle));
    public Tensor Exp() => Cost.Elementwise("exp", Native.abl_exp(Handle));
    public Tensor Log() => Cost.Elementwise("log", Native.abl_log(Handle));
    public Tensor Sign() => Cost.Elementwise("sign", Native.abl_sign(Handle));
    public Tensor Sigmoid() => F.sigmoid(this);
    public Tensor Tanh() => F.tanh(this);
    public Tensor Relu() => F.relu(this);
    public Tensor Softmax(long dim) => F.softmax(this, dim);
    public Tensor LogSoftmax(long dim) => F.log_softmax(this, dim);

    /// <summary>Limits every element to [min, max]; either bound may be omitted (torch.clamp).</summary>
    public Tensor Clamp(double? min = null, double? max = null)
    {
        if (min == null && max == null) throw new ArgumentException("clamp: give at least one of min and max");
        return Cost.Elementwise("clamp", Native.abl_clamp(Handle, min ?? 0, min.HasValue ? (byte)1 : (byte)0,
            max ?? 0, max.HasValue ? (byte)1 : (byte)0));
    }

    // ---- comparison ------------------------------------------------------------------------------------
    public Tensor Eq(Tensor other) => new(Native.abl_eq(Handle, other.Handle));
    public Tensor Eq(double other) => new(Native.abl_eq_scalar(Handle, other));
    public Tensor Ne(Tensor other) => new(Native.abl_ne(Handle, other.Handle));
    public Tensor Ne(double other) => new(Native.abl_ne_scalar(Handle, other));
    public Tensor Gt(Tensor other) => new(Native.abl_gt(Handle, other.Handle));
    public Tensor Gt(double other) => new(Native.abl_gt_scalar(Handle, other));
    public Tensor Lt(Tensor other) => new(Native.abl_lt(Handle, other.Handle));
    public Tensor Lt(double other) => new(Native.abl_lt_scalar(Handle, other));
    public Tensor Ge(Tensor other) => new(Native.abl_ge(Handle, other.Handle));
    public Tensor Ge(double other) => new(Native.abl_ge_scalar(Handle, other));
    public Tensor Le(Tensor other) => new(Native.abl_le(Handle, other.Handle));
    public Tensor Le(double other) => new(Native.abl_le_scalar(Handle, other));

    /// <summary>True when both tensors have the same shape and elements (torch.equal).</summary>
    public bool Equal(Tensor other)
    {
        Native.Check(Native.abl_equal(Handle, other.Handle, out var result));
        return result != 0;
    }

    // ---- in place ----------------------------------------------------------------------------------------
    /// <summary>this += alpha * other.</summary>
    public Tensor Add_(Tensor other, double alpha = 1) => InPlace(Native.abl_add_(Handle, other.Handle, alpha));
    public Tensor Add_(double other) => InPlace(Native.abl_add_scalar_(Handle, other));
    /// <summary>this -= alpha * other.</summary>
    public Tensor Sub_(Tensor other, double alpha = 1) => InPlace(Native.abl_sub_(Handle, other.Handle, alpha));
    public Tensor Mul_(Tensor other) => InPlace(Native.abl_mul_(Handle, other.Handle));
    public Tensor Mul_(double other) => InPlace(Native.abl_mul_scalar_(Handle, other));
    public Tensor Div_(Tensor other) => InPlace(Native.abl_div_(Handle, other.Handle));
    public Tensor Div_(double other) => InPlace(Native.abl_div_scalar_(Handle, other));
    /// <summary>this += value * tensor1 * tensor2 (Adam's second moment).</summary>
    public Tensor Addcmul_(Tensor tensor1, Tensor tensor2, double value = 1) =>
        InPlace(Native.abl_addcmul_(Handle, tensor1.Handle, tensor2.Handle, value));
    /// <summary>this += value * tensor1 / tensor2 (Adam's update).</summary>
    public Tensor Addcdiv_(Tensor tensor1, Tensor tensor2, double value = 1) =>
        InPlace(Native.abl_addcdiv_(Handle, tensor1.Handle, tensor2.Handle, value));
    /// <summary>this += weight * (end - this) (Adam's first moment).</summary>
    public Tensor Lerp_(Tensor end, double weight) => InPlace(Native.abl_lerp_(Handle, end.Handle, weight));
    public Tensor Sqrt_() => InPlace(Native.abl_sqrt_(Handle));
    public Tensor Pow_(double exponent) => InPlace(Native.abl_pow_scalar_(Handle, exponent));
    public Tensor Relu_() => InPlace(Native.abl_relu_(Handle));

    public Tensor Clamp_(double? min = null, double? max = null)
    {
        if (min == null && max == null) throw new ArgumentException("clamp_: give at least one of min and max");
        return InPlace(Native.abl_clamp_(Handle, min ?? 0, min.HasValue ? (byte)1 : (byte)0, max ?? 0, max.HasValue ? (byte)1 : (byte)0));
    }

    public Tensor Fill_(double value) => InPlace(Native.abl_fill_(Handle, value));
    public Tensor Zero_() => InPlace(Native.abl_zero_(Handle));
    public Tensor Copy_(Tensor source) => InPlace(Native.abl_copy_(Handle, source.Handle));

    private Tensor InPlace(int status)
    {
        Native.Check(status);
        return this;
    }
}
