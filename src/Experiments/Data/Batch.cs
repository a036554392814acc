using TorchSharp;
using static TorchSharp.torch;

namespace Ablation.Experiments.Data;

/// <summary>A batch as tensors: float input (N, C, H, W) and int64 targets (N). Owned by the caller's dispose scope.</summary>
public sealed class Batch : IDisposable
{
    public Batch(Tensor input, Tensor target)
    {
        Input = input;
        Target = target;
    }

    public Tensor Input { get; }
    public Tensor Target { get; }
    public int Count => (int)Target.shape[0];

    public void Dispose()
    {
        Input.Dispose();
        Target.Dispose();
    }
}
