using TorchSharp;
using static TorchSharp.torch;
using TF = TorchSharp.torch.nn.functional;

namespace Ablation.TorchSupport;

/// <summary>Activations and softmax; each counts its elements with an active MacCounter.</summary>
public static partial class F
{
    /// <summary>max(0, x) (Nair and Hinton, 2010).</summary>
    public static Tensor relu(Tensor input, bool inplace = false) =>
        Cost.Elementwise("relu", Cost.IsMeta(input) ? MetaShapes.Like(input) : TF.relu(input, inplace));

    /// <summary>min(max(x, 0), 6) (MobileNetV2).</summary>
    public static Tensor relu6(Tensor input, bool inplace = false) =>
        Cost.Elementwise("relu6", Cost.IsMeta(input) ? MetaShapes.Like(input) : inplace ? input.relu6_().alias() : input.relu6());

    /// <summary>
    /// min(max(x, min_val), max_val), as clamp: TorchSharp 0.107's Tensor.hardtanh (and so functional.hardtanh) returns
    /// its input unchanged, which made MobileNetV2's ReLU6 a no-op until a PyTorch parity test caught it.
    /// </summary>
    public static Tensor hardtanh(Tensor input, double min_val = -1, double max_val = 1) =>
        Cost.Elementwise("hardtanh", Cost.IsMeta(input) ? MetaShapes.Like(input) : input.clamp(min_val, max_val));

    public static Tensor leaky_relu(Tensor input, double negative_slope = 0.01) =>
        Cost.Elementwise("leaky_relu", TF.leaky_relu(input, negative_slope));

    /// <summary>x * sigmoid(x) (SiLU, Elfwing et al. 2018; Swish).</summary>
    public static Tensor silu(Tensor input) => Cost.Elementwise("silu", TF.silu(input));

    /// <summary>x * relu6(x + 3) / 6 (MobileNetV3; coordinate attention's h_swish).</summary>
    public static Tensor hardswish(Tensor input) =>
        Cost.Elementwise("hardswish", Cost.IsMeta(input) ? MetaShapes.Like(input) : TF.hardswish(input));

    /// <summary>relu6(x + 3) / 6 (MobileNetV3; coordinate attention's h_sigmoid).</summary>
    public static Tensor hardsigmoid(Tensor input) => Cost.Elementwise("hardsigmoid", TF.hardsigmoid(input));

    /// <summary>x * tanh(softplus(x)) (Misra, 2019).</summary>
    public static Tensor mish(Tensor input) => Cost.Elementwise("mish", TF.mish(input));

    /// <summary>The exact (erf) GELU, Hendrycks and Gimpel 2016.</summary>
    public static Tensor gelu(Tensor input) => Cost.Elementwise("gelu", TF.gelu(input));

    public static Tensor sigmoid(Tensor input) => Cost.Elementwise("sigmoid", torch.sigmoid(input));
    public static Tensor tanh(Tensor input) => Cost.Elementwise("tanh", torch.tanh(input));

    public static Tensor softmax(Tensor input, long dim) => Cost.Elementwise("softmax", TF.softmax(input, dim));
    public static Tensor log_softmax(Tensor input, long dim) => Cost.Elementwise("log_softmax", TF.log_softmax(input, dim));
}
