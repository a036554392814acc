using TorchSharp;
using static TorchSharp.torch;

namespace Ablation.Experiments.Data.Detection;

/// <summary>
/// The one place a detection batch becomes tensors (the engine boundary; on TorchSharp the same two calls
/// are <c>torch.tensor(floats, shape)</c>): images float32 (N, 3, S, S) in [0, 1], targets float32 (rows, 6)
/// <c>(image_index, cls, cx, cy, w, h)</c> normalised. Owned by the caller's dispose scope.
/// </summary>
public static class DetectionBatchTensors
{
    public static (Tensor Images, Tensor Targets) ToTensors(DetectionHostBatch batch)
    {
        var pixels = new float[batch.Count * 3 * batch.Size * batch.Size];
        batch.CopyNormalised(pixels);
        var images = torch.tensor(pixels, new long[] { batch.Count, 3, batch.Size, batch.Size });
        var targets = torch.tensor(batch.TargetRows(), new long[] { batch.Targets.Count, 6 });
        return (images, targets);
    }
}
