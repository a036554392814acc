using System.Runtime.InteropServices;

namespace Ablation.Torch;

/// <summary>Exports of native/src/ops_arith.cpp: element-wise arithmetic, math, comparison, in-place updates.</summary>
internal static unsafe partial class Native
{
    [DllImport(Lib)] internal static extern IntPtr abl_add(IntPtr a, IntPtr b, double alpha);
    [DllImport(Lib)] internal static extern IntPtr abl_add_scalar(IntPtr a, double b);
    [DllImport(Lib)] internal static extern IntPtr abl_sub(IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern IntPtr abl_rsub_scalar(IntPtr a, double b);
    [DllImport(Lib)] internal static extern IntPtr abl_mul(IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern IntPtr abl_mul_scalar(IntPtr a, double b);
    [DllImport(Lib)] internal static extern IntPtr abl_div(IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern IntPtr abl_div_scalar(IntPtr a, double b);
    [DllImport(Lib)] internal static extern IntPtr abl_rdiv_scalar(IntPtr a, double b);
    [DllImport(Lib)] internal static extern IntPtr abl_neg(IntPtr a);

    [DllImport(Lib)] internal static extern IntPtr abl_pow_scalar(IntPtr a, double exponent);
    [DllImport(Lib)] internal static extern IntPtr abl_pow(IntPtr a, IntPtr exponent);
    [DllImport(Lib)] internal static extern IntPtr abl_sqrt(IntPtr a);
    [DllImport(Lib)] internal static extern IntPtr abl_rsqrt(IntPtr a);
    [DllImport(Lib)] internal static extern IntPtr abl_abs(IntPtr a);
    [DllImport(Lib)] internal static extern IntPtr abl_exp(IntPtr a);
    [DllImport(Lib)] internal static extern IntPtr abl_log(IntPtr a);
    [DllImport(Lib)] internal static extern IntPtr abl_sign(IntPtr a);
    [DllImport(Lib)] internal static extern IntPtr abl_maximum(IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern IntPtr abl_minimum(IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern IntPtr abl_clamp(IntPtr a, double min, byte hasMin, double max, byte hasMax);
    [DllImport(Lib)] internal static extern IntPtr abl_where(IntPtr condition, IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern IntPtr abl_where_scalar(IntPtr condition, double a, double b);

    [DllImport(Lib)] internal static extern IntPtr abl_eq(IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern IntPtr abl_eq_scalar(IntPtr a, double b);
    [DllImport(Lib)] internal static extern IntPtr abl_ne(IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern IntPtr abl_ne_scalar(IntPtr a, double b);
    [DllImport(Lib)] internal static extern IntPtr abl_gt(IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern IntPtr abl_gt_scalar(IntPtr a, double b);
    [DllImport(Lib)] internal static extern IntPtr abl_lt(IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern IntPtr abl_lt_scalar(IntPtr a, double b);
    [DllImport(Lib)] internal static extern IntPtr abl_ge(IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern IntPtr abl_ge_scalar(IntPtr a, double b);
    [DllImport(Lib)] internal static extern IntPtr abl_le(IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern IntPtr abl_le_scalar(IntPtr a, double b);
    [DllImport(Lib)] internal static extern int abl_equal(IntPtr a, IntPtr b, out byte result);

    [DllImport(Lib)] internal static extern int abl_add_(IntPtr a, IntPtr b, double alpha);
    [DllImport(Lib)] internal static extern int abl_add_scalar_(IntPtr a, double b);
    [DllImport(Lib)] internal static extern int abl_sub_(IntPtr a, IntPtr b, double alpha);
    [DllImport(Lib)] internal static extern int abl_mul_(IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern int abl_mul_scalar_(IntPtr a, double b);
    [DllImport(Lib)] internal static extern int abl_div_(IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern int abl_div_scalar_(IntPtr a, double b);
    [DllImport(Lib)] internal static extern int abl_addcmul_(IntPtr a, IntPtr t1, IntPtr t2, double value);
    [DllImport(Lib)] internal static extern int abl_addcdiv_(IntPtr a, IntPtr t1, IntPtr t2, double value);
    [DllImport(Lib)] internal static extern int abl_lerp_(IntPtr a, IntPtr end, double weight);
    [DllImport(Lib)] internal static extern int abl_sqrt_(IntPtr a);
    [DllImport(Lib)] internal static extern int abl_pow_scalar_(IntPtr a, double exponent);
    [DllImport(Lib)] internal static extern int abl_clamp_(IntPtr a, double min, byte hasMin, double max, byte hasMax);
    [DllImport(Lib)] internal static extern int abl_fill_(IntPtr a, double value);
    [DllImport(Lib)] internal static extern int abl_zero_(IntPtr a);
    [DllImport(Lib)] internal static extern int abl_copy_(IntPtr dst, IntPtr src);
    [DllImport(Lib)] internal static extern int abl_relu_(IntPtr a);
}
