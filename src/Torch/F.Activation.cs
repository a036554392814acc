namespace Ablation.Torch;

/// <summary>Activations and softmax of torch.nn.functional; each counts its elements with an active MacCounter.</summary>
public static partial class F
{
    public static Tensor relu(Tensor input) => Cost.Elementwise("relu", Native.abl_relu(input.Handle));

    /// <summary>min(max(x, 0), 6) (MobileNetV2).</summary>
    public static Tensor relu6(Tensor input) => Cost.Elementwise("relu6", Native.abl_hardtanh(input.Handle, 0, 6));

    public static Tensor hardtanh(Tensor input, double min_val = -1, double max_val = 1) =>
        Cost.Elementwise("hardtanh", Native.abl_hardtanh(input.Handle, min_val, max_val));

    public static Tensor leaky_relu(Tensor input, double negative_slope = 0.01) =>
        Cost.Elementwise("leaky_relu", Native.abl_leaky_relu(input.Handle, negative_slope));

    /// <summary>x * sigmoid(x) (SiLU / Swish).</summary>
    public static Tensor silu(Tensor input) => Cost.Elementwise("silu", Native.abl_silu(input.Handle));

    /// <summary>x * relu6(x + 3) / 6 (MobileNetV3; coordinate attention's h_swish).</summary>
    public static Tensor hardswish(Tensor input) => Cost.Elementwise("hardswish", Native.abl_hardswish(input.Handle));

    /// <summary>relu6(x + 3) / 6 (MobileNetV3; coordinate attention's h_sigmoid).</summary>
    public static Tensor hardsigmoid(Tensor input) => Cost.Elementwise("hardsigmoid", Native.abl_hardsigmoid(input.Handle));

    /// <summary>x * tanh(softplus(x)) (Misra, 2019).</summary>
    public static Tensor mish(Tensor input) => Cost.Elementwise("mish", Native.abl_mish(input.Handle));

    /// <summary>The exact (erf) GELU, Hendrycks and Gimpel 2016.</summary>
    public static Tensor gelu(Tensor input) => Cost.Elementwise("gelu", Native.abl_gelu(input.Handle));

    public static Tensor sigmoid(Tensor input) => Cost.Elementwise("sigmoid", Native.abl_sigmoid(input.Handle));
    public static Tensor tanh(Tensor input) => Cost.Elementwise("tanh", Native.abl_tanh(input.Handle));

    public static Tensor softmax(Tensor input, long dim) => Cost.Elementwise("softmax", Native.abl_softmax(input.Handle, dim));
    public static Tensor log_softmax(Tensor input, long dim) => Cost.Elementwise("log_softmax", Native.abl_log_softmax(input.Handle, dim));
}
