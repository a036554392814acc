using Ablation.Torch;
using Ablation.Torch.nn;
using Ablation.Torch.optim;

namespace Ablation.Bench;

/// <summary>
/// The benchmark CNN of <see cref="SmallCnn"/> written as model code is: nn.Sequential of Conv2d,
/// BatchNorm2d, ReLU, AdaptiveAvgPool2d, Flatten, Linear, trained with optim.SGD (momentum 0.9, weight
/// decay 5e-4), the peer of PyTorch's nn.Sequential + torch.optim.SGD in bench/peers/engine_peer.py.
/// </summary>
internal sealed class SmallCnnModule : IDisposable
{
    private static readonly long[] Channels = [3, 16, 32, 64, 64];
    private static readonly long[] Strides = [1, 2, 2, 1];

    private readonly Sequential model = new();
    private readonly SGD optimizer;

    public SmallCnnModule(long classes)
    {
        for (int i = 0; i < Strides.Length; i++)
        {
            model.Append(new Conv2d(Channels[i], Channels[i + 1], 3, stride: Strides[i], padding: 1, bias: false));
            model.Append(new BatchNorm2d(Channels[i + 1]));
            model.Append(new ReLU(inplace: true));
        }
        model.Append(new AdaptiveAvgPool2d(1));
        model.Append(new Flatten());
        model.Append(new Linear(Channels[^1], classes));
        optimizer = new SGD(model.Parameters(), lr: 0.1, momentum: 0.9, weight_decay: 5e-4);
    }

    /// <summary>One training step; call it inside a per-step scope.</summary>
    public Tensor Step(Tensor x, Tensor y)
    {
        optimizer.ZeroGrad(set_to_none: true);
        var loss = F.cross_entropy(model.Forward(x), y);
        loss.Backward();
        optimizer.Step();
        return loss;
    }

    public void Dispose()
    {
        optimizer.Dispose();
        model.Dispose();
    }
}
