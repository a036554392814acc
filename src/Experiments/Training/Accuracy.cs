using TorchSharp;
using static TorchSharp.torch;

namespace Ablation.Experiments.Training;

/// <summary>Top-k accuracy counts of a batch of logits (N, classes) against int64 targets (N).</summary>
public static class Accuracy
{
    /// <summary>How many targets are the arg-max, and how many are among the k largest logits (k = min(5, classes)).</summary>
    public static (long Top1, long Top5) Count(Tensor logits, Tensor target)
    {
        using var scope = torch.NewDisposeScope();
        long k = Math.Min(5, logits.shape[1]);
        var (_, indices) = logits.topk((int)k, dim: 1);
        var hits = indices.eq(target.unsqueeze(1));                    // (N, k) booleans
        long top1 = hits.narrow(1, 0, 1).sum().item<long>();
        long top5 = hits.sum().item<long>();
        return (top1, top5);
    }
}
