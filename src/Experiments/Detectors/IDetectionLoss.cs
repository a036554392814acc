using static TorchSharp.torch;

namespace Ablation.Experiments.Detectors;

/// <summary>
/// A detector family's training loss, as the detection trainer calls it once per step: the raw maps of
/// <see cref="IDetector.forward_heads"/> and the batch's targets [nt, 6] (image, class, cx, cy, w, h), normalised
/// to the input. Returns the loss to back-propagate and its components, detached (the family's own list).
/// </summary>
public interface IDetectionLoss
{
    (Tensor Loss, Tensor Items) Compute(IReadOnlyList<Tensor> heads, Tensor targets);
}
