namespace Ablation.Torch.nn;

/// <summary>max(0, x), torch.nn.ReLU (Nair and Hinton 2010).</summary>
public sealed class ReLU : Module
{
    public override Tensor Forward(Tensor input) => F.relu(input);
}
