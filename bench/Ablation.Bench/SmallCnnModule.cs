using Ablation.TorchSupport.nn;
using TorchSharp;

using static TorchSharp.torch;

namespace Ablation.Bench;

/// <summary>
/// The benchmark CNN of <see cref="SmallCnn"/> written as model code is: TorchSharp's nn.Sequential of
/// TorchSupport.nn's Conv2d, BatchNorm2d, ReLU, AdaptiveAvgPool2d, Flatten, Linear (the layers the zoo is built
/// from), trained with torch.optim.SGD (momentum 0.9, weight decay 5e-4): the peer of PyTorch's nn.Sequential +
/// torch.optim.SGD in bench/peers/engine_peer.py.
/// </summary>
internal sealed class SmallCnnModule : IDisposable
{
    private static readonly long[] Channels = [3, 16, 32, 64, 64];
    private static readonly long[] Strides = [1, 2, 2, 1];

    private readonly TorchSharp.Modules.Sequential model;
    private readonly optim.Optimizer optimizer;

    public SmallCnnModule(long classes)
    {
        var layers = new List<nn.Module<Tensor, Tensor>>();
        for (int i = 0; i < Strides.Length; i++)
        {
            layers.Add(new Conv2d(Channels[i], Channels[i + 1], 3, stride: Strides[i], padding: 1, bias: false));
            layers.Add(new BatchNorm2d(Channels[i + 1]));
            layers.Add(new ReLU(inplace: true));
        }
        layers.Add(new AdaptiveAvgPool2d(1));
        layers.Add(new Flatten());
        layers.Add(new Linear(Channels[^1], classes));
        model = nn.Sequential(layers.ToArray());
        model.train();
        optimizer = optim.SGD(model.parameters(), 0.1, momentum: 0.9, weight_decay: 5e-4);
    }

    /// <summary>One training step; call it inside a per-step dispose scope.</summary>
    public Tensor Step(Tensor x, Tensor y)
    {
        optimizer.zero_grad();
        var loss = nn.functional.cross_entropy(model.call(x), y);
        loss.backward();
        optimizer.step();
        return loss;
    }

    public void Dispose()
    {
        optimizer.Dispose();
        model.Dispose();
    }
}
