namespace Ablation.Torch;

/// <summary>Arithmetic operators and their in-place variants (torch.add, add_, ...).</summary>
public partial class Tensor
{
    public static Tensor operator +(Tensor a, Tensor b) => new(Native.abl_add(a.Handle, b.Handle, 1));
    public static Tensor operator +(Tensor a, double b) => new(Native.abl_add_scalar(a.Handle, b));
    public static Tensor operator +(double a, Tensor b) => new(Native.abl_add_scalar(b.Handle, a));
    public static Tensor operator -(Tensor a, Tensor b) => new(Native.abl_sub(a.Handle, b.Handle));
    public static Tensor operator -(Tensor a, double b) => new(Native.abl_add_scalar(a.Handle, -b));
    public static Tensor operator -(double a, Tensor b) => new(Native.abl_rsub_scalar(b.Handle, a));
    public static Tensor operator -(Tensor a) => new(Native.abl_neg(a.Handle));
    public static Tensor operator *(Tensor a, Tensor b) => new(Native.abl_mul(a.Handle, b.Handle));
    public static Tensor operator *(Tensor a, double b) => new(Native.abl_mul_scalar(a.Handle, b));
    public static Tensor operator *(double a, Tensor b) => new(Native.abl_mul_scalar(b.Handle, a));
    public static Tensor operator /(Tensor a, Tensor b) => new(Native.abl_div(a.Handle, b.Handle));
    public static Tensor operator /(Tensor a, double b) => new(Native.abl_div_scalar(a.Handle, b));

    public Tensor Add(Tensor other, double alpha = 1) => new(Native.abl_add(Handle, other.Handle, alpha));

    public Tensor Add_(Tensor other, double alpha = 1)
    {
        Native.Check(Native.abl_add_(Handle, other.Handle, alpha));
        return this;
    }

    public Tensor Mul_(Tensor other)
    {
        Native.Check(Native.abl_mul_(Handle, other.Handle));
        return this;
    }

    public Tensor Mul_(double other)
    {
        Native.Check(Native.abl_mul_scalar_(Handle, other));
        return this;
    }

    public Tensor Zero_()
    {
        Native.Check(Native.abl_zero_(Handle));
        return this;
    }

    public Tensor Copy_(Tensor source)
    {
        Native.Check(Native.abl_copy_(Handle, source.Handle));
        return this;
    }
}
