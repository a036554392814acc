namespace Ablation.Torch.nn;

/// <summary>Returns its input unchanged, torch.nn.Identity: a placeholder where an option removes a layer.</summary>
public sealed class Identity : Module
{
    public override Tensor Forward(Tensor input) => input;
}
