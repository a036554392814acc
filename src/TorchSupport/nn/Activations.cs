using static TorchSharp.torch;

namespace Ablation.TorchSupport.nn;

/// <summary>max(0, x), torch.nn.ReLU (Nair and Hinton 2010); inplace overwrites the input.</summary>
public sealed class ReLU(bool inplace = false) : ExplicitModule(nameof(ReLU))
{
    public bool inplace { get; } = inplace;
    public override Tensor forward(Tensor input) => F.relu(input, inplace);
}

/// <summary>min(max(0, x), 6), torch.nn.ReLU6 (Howard et al. 2017, MobileNets).</summary>
public sealed class ReLU6(bool inplace = false) : ExplicitModule(nameof(ReLU6))
{
    public override Tensor forward(Tensor input) => F.relu6(input, inplace);
}

/// <summary>x * sigmoid(x), torch.nn.SiLU (Elfwing et al. 2018; "Swish", Ramachandran et al. 2017).</summary>
public sealed class SiLU() : ExplicitModule(nameof(SiLU))
{
    public override Tensor forward(Tensor input) => F.silu(input);
}

/// <summary>x * relu6(x + 3) / 6, torch.nn.Hardswish (Howard et al. 2019, MobileNetV3).</summary>
public sealed class Hardswish() : ExplicitModule(nameof(Hardswish))
{
    public override Tensor forward(Tensor input) => F.hardswish(input);
}

/// <summary>relu6(x + 3) / 6, torch.nn.Hardsigmoid (Howard et al. 2019, MobileNetV3).</summary>
public sealed class Hardsigmoid() : ExplicitModule(nameof(Hardsigmoid))
{
    public override Tensor forward(Tensor input) => F.hardsigmoid(input);
}

/// <summary>x * tanh(softplus(x)), torch.nn.Mish (Misra 2019).</summary>
public sealed class Mish() : ExplicitModule(nameof(Mish))
{
    public override Tensor forward(Tensor input) => F.mish(input);
}

/// <summary>1 / (1 + exp(-x)), torch.nn.Sigmoid.</summary>
public sealed class Sigmoid() : ExplicitModule(nameof(Sigmoid))
{
    public override Tensor forward(Tensor input) => F.sigmoid(input);
}

/// <summary>tanh(x), torch.nn.Tanh.</summary>
public sealed class Tanh() : ExplicitModule(nameof(Tanh))
{
    public override Tensor forward(Tensor input) => F.tanh(input);
}

/// <summary>max(0, x) + negative_slope * min(0, x), torch.nn.LeakyReLU (Maas et al. 2013).</summary>
public sealed class LeakyReLU(double negative_slope = 0.01) : ExplicitModule(nameof(LeakyReLU))
{
    public double negative_slope { get; } = negative_slope;
    public override Tensor forward(Tensor input) => F.leaky_relu(input, negative_slope);
}

/// <summary>x * Phi(x), torch.nn.GELU (Hendrycks and Gimpel 2016), exact (erf) form.</summary>
public sealed class GELU() : ExplicitModule(nameof(GELU))
{
    public override Tensor forward(Tensor input) => F.gelu(input);
}
