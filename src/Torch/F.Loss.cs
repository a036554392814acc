namespace Ablation.Torch;

/// <summary>Losses of torch.nn.functional; reduction is "mean" (default), "sum" or "none", as PyTorch.</summary>
public static partial class F
{
    /// <summary>
    /// Cross entropy of logits (N, C) or (N, C, d1, ...) against class indices (int64) or class
    /// probabilities. With label_smoothing = e the target becomes (1 - e) * onehot + e / C (Szegedy et al.,
    /// 2016, "Rethinking the Inception Architecture").
    /// </summary>
    public static Tensor cross_entropy(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100,
        string reduction = "mean", double label_smoothing = 0.0)
    {
        if (label_smoothing < 0 || label_smoothing > 1)
            throw new ArgumentOutOfRangeException(nameof(label_smoothing), $"label_smoothing must be in [0, 1], got {label_smoothing}");
        Cost.Touch("cross_entropy", input);
        return new(Native.abl_cross_entropy(input.Handle, target.Handle, weight?.Handle ?? IntPtr.Zero, Reduction(reduction),
            ignore_index, label_smoothing));
    }

    /// <summary>Negative log-likelihood of log-probabilities (N, C) against int64 class indices.</summary>
    public static Tensor nll_loss(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100, string reduction = "mean")
    {
        Cost.Touch("nll_loss", input);
        return new(Native.abl_nll_loss(input.Handle, target.Handle, weight?.Handle ?? IntPtr.Zero, Reduction(reduction), ignore_index));
    }

    public static Tensor mse_loss(Tensor input, Tensor target, string reduction = "mean")
    {
        Cost.Touch("mse_loss", input);
        return new(Native.abl_mse_loss(input.Handle, target.Handle, Reduction(reduction)));
    }

    public static Tensor binary_cross_entropy_with_logits(Tensor input, Tensor target, Tensor? weight = null, string reduction = "mean")
    {
        Cost.Touch("binary_cross_entropy_with_logits", input);
        return new(Native.abl_binary_cross_entropy_with_logits(input.Handle, target.Handle, weight?.Handle ?? IntPtr.Zero, Reduction(reduction)));
    }

    /// <summary>at::Reduction's codes.</summary>
    private static long Reduction(string reduction) => reduction switch
    {
        "none" => 0,
        "mean" => 1,
        "sum" => 2,
        _ => throw new ArgumentException($"reduction '{reduction}' is not one of none, mean, sum", nameof(reduction)),
    };
}
