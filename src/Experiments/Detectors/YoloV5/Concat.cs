using static TorchSharp.torch;

namespace Ablation.Experiments.Detectors.YoloV5;

/// <summary>ultralytics' Concat: torch.cat of the maps its `from` names, along dimension d.</summary>
public sealed class Concat(long d = 1) : AttentionHost(nameof(Concat)), IMultiInput
{
    public Tensor forward(IReadOnlyList<Tensor> inputs) => Attend(cat(inputs.ToArray(), d));

    public override Tensor forward(Tensor x) => Attend(x);
}
