namespace Ablation.Torch.nn;

/// <summary>max(0, x), torch.nn.ReLU (Nair and Hinton 2010); inplace overwrites the input (relu_).</summary>
public sealed class ReLU(bool inplace = false) : Module
{
    public bool inplace { get; } = inplace;
    public override Tensor Forward(Tensor input)
    {
        if (!inplace) return F.relu(input);
        // In-place ops do not report to the MacCounter themselves: count what F.relu would.
        if (MacCounter.IsActive) MacCounter.AddElements("relu", input.NumEl);
        return input.Relu_();
    }
    protected override string ExtraRepr() => inplace ? "inplace=True" : "";
}

/// <summary>min(max(0, x), 6), torch.nn.ReLU6 (Howard et al. 2017, MobileNets).</summary>
public sealed class ReLU6 : Module
{
    public override Tensor Forward(Tensor input) => F.relu6(input);
}

/// <summary>x * sigmoid(x), torch.nn.SiLU (Elfwing et al. 2018; "Swish", Ramachandran et al. 2017).</summary>
public sealed class SiLU : Module
{
    public override Tensor Forward(Tensor input) => F.silu(input);
}

/// <summary>x * relu6(x + 3) / 6, torch.nn.Hardswish (Howard et al. 2019, MobileNetV3).</summary>
public sealed class Hardswish : Module
{
    public override Tensor Forward(Tensor input) => F.hardswish(input);
}

/// <summary>relu6(x + 3) / 6, torch.nn.Hardsigmoid (Howard et al. 2019, MobileNetV3).</summary>
public sealed class Hardsigmoid : Module
{
    public override Tensor Forward(Tensor input) => F.hardsigmoid(input);
}

/// <summary>x * tanh(softplus(x)), torch.nn.Mish (Misra 2019).</summary>
public sealed class Mish : Module
{
    public override Tensor Forward(Tensor input) => F.mish(input);
}

/// <summary>1 / (1 + exp(-x)), torch.nn.Sigmoid.</summary>
public sealed class Sigmoid : Module
{
    public override Tensor Forward(Tensor input) => F.sigmoid(input);
}

/// <summary>tanh(x), torch.nn.Tanh.</summary>
public sealed class Tanh : Module
{
    public override Tensor Forward(Tensor input) => F.tanh(input);
}

/// <summary>max(0, x) + negative_slope * min(0, x), torch.nn.LeakyReLU (Maas et al. 2013).</summary>
public sealed class LeakyReLU(double negative_slope = 0.01) : Module
{
    public double negative_slope { get; } = negative_slope;
    public override Tensor Forward(Tensor input) => F.leaky_relu(input, negative_slope);
    protected override string ExtraRepr() => $"negative_slope={negative_slope}";
}

/// <summary>x * Phi(x), torch.nn.GELU (Hendrycks and Gimpel 2016), exact (erf) form.</summary>
public sealed class GELU : Module
{
    public override Tensor Forward(Tensor input) => F.gelu(input);
}
