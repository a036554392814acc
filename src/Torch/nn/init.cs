namespace Ablation.Torch.nn;

/// <summary>
/// torch.nn.init: in-place initialisation of parameters, drawing from libtorch's default generator, so a
/// model built after <c>torch.manual_seed(s)</c> gets the same weights in C# and in PyTorch when its
/// layers are created (and their tensors initialised) in the same order. Fills on `meta` tensors do
/// nothing. Formulas: He et al. 2015, "Delving Deep into Rectifiers" (kaiming), Glorot and Bengio 2010
/// (fan computation), as implemented by torch/nn/init.py.
/// </summary>
#pragma warning disable IDE1006, CS8981
public static class init
#pragma warning restore IDE1006, CS8981
{
    public static Tensor uniform_(Tensor tensor, double a = 0, double b = 1)
    {
        Native.Check(Native.abl_init_uniform_(tensor.Handle, a, b));
        return tensor;
    }

    public static Tensor normal_(Tensor tensor, double mean = 0, double std = 1)
    {
        Native.Check(Native.abl_init_normal_(tensor.Handle, mean, std));
        return tensor;
    }

    public static Tensor constant_(Tensor tensor, double val)
    {
        Native.Check(Native.abl_init_fill_(tensor.Handle, val));
        return tensor;
    }

    public static Tensor zeros_(Tensor tensor) => constant_(tensor, 0);
    public static Tensor ones_(Tensor tensor) => constant_(tensor, 1);

    /// <summary>
    /// The recommended gain for a nonlinearity (torch.nn.init.calculate_gain): 1 for linear/conv/sigmoid,
    /// 5/3 for tanh, sqrt(2) for relu, sqrt(2 / (1 + a^2)) for leaky_relu with negative slope a (0.01 when
    /// not given), 3/4 for selu.
    /// </summary>
    public static double calculate_gain(string nonlinearity, double? param = null) => nonlinearity switch
    {
        "linear" or "conv1d" or "conv2d" or "conv3d" or "conv_transpose1d" or "conv_transpose2d"
            or "conv_transpose3d" or "sigmoid" => 1.0,
        "tanh" => 5.0 / 3,
        "relu" => Math.Sqrt(2.0),
        "leaky_relu" => Math.Sqrt(2.0 / (1 + Math.Pow(param ?? 0.01, 2))),
        "selu" => 3.0 / 4,
        _ => throw new ArgumentException(
            $"nonlinearity '{nonlinearity}' is not supported: allowed are linear, conv1d, conv2d, conv3d, sigmoid, tanh, relu, leaky_relu, selu"),
    };

    /// <summary>(fan_in, fan_out): input/output feature maps times the receptive field (kernel elements).</summary>
    public static (long FanIn, long FanOut) calculate_fan_in_and_fan_out(Tensor tensor)
    {
        var shape = tensor.Shape;
        if (shape.Length < 2)
            throw new ArgumentException($"fan in and fan out need a tensor of at least 2 dimensions, got {shape.Length}");
        long receptive = 1;
        for (int i = 2; i < shape.Length; i++) receptive *= shape[i];
        return (shape[1] * receptive, shape[0] * receptive);
    }

    private static long Fan(Tensor tensor, string mode)
    {
        var (fanIn, fanOut) = calculate_fan_in_and_fan_out(tensor);
        return mode switch
        {
            "fan_in" => fanIn,
            "fan_out" => fanOut,
            _ => throw new ArgumentException($"mode '{mode}' is not supported: allowed are fan_in, fan_out"),
        };
    }

    /// <summary>U(-bound, bound) with bound = gain * sqrt(3 / fan) (He et al. 2015).</summary>
    public static Tensor kaiming_uniform_(Tensor tensor, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu")
    {
        double std = calculate_gain(nonlinearity, a) / Math.Sqrt(Fan(tensor, mode));
        double bound = Math.Sqrt(3.0) * std;
        return uniform_(tensor, -bound, bound);
    }

    /// <summary>N(0, std^2) with std = gain / sqrt(fan) (He et al. 2015).</summary>
    public static Tensor kaiming_normal_(Tensor tensor, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu")
    {
        double std = calculate_gain(nonlinearity, a) / Math.Sqrt(Fan(tensor, mode));
        return normal_(tensor, 0, std);
    }

    /// <summary>U(-a, a) with a = gain * sqrt(6 / (fan_in + fan_out)) (Glorot and Bengio 2010).</summary>
    public static Tensor xavier_uniform_(Tensor tensor, double gain = 1)
    {
        var (fanIn, fanOut) = calculate_fan_in_and_fan_out(tensor);
        double a = gain * Math.Sqrt(6.0 / (fanIn + fanOut));
        return uniform_(tensor, -a, a);
    }

    /// <summary>N(0, std^2) with std = gain * sqrt(2 / (fan_in + fan_out)) (Glorot and Bengio 2010).</summary>
    public static Tensor xavier_normal_(Tensor tensor, double gain = 1)
    {
        var (fanIn, fanOut) = calculate_fan_in_and_fan_out(tensor);
        return normal_(tensor, 0, gain * Math.Sqrt(2.0 / (fanIn + fanOut)));
    }
}
