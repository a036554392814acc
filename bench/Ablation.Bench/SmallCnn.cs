using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace Ablation.Bench;

/// <summary>
/// The benchmark CNN, written with the functional API (TorchSupport's counted F.*) and plain tensors:
/// 4 x (conv3x3 without bias, batch norm, ReLU), channels 3-16-32-64-64, strides 1-2-2-1, global average
/// pooling, a linear head; cross entropy; SGD with momentum 0.9 and weight decay 5e-4 (PyTorch's update rule:
/// d = g + wd * p; buf = momentum * buf + d; p -= lr * buf). bench/peers/engine_peer.py holds the same
/// network twice in PyTorch (functional, and nn.Sequential with torch.optim.SGD).
/// Parameters and buffers are owned here (detached from dispose scopes); each step's temporaries belong to
/// the caller's per-step scope.
/// </summary>
internal sealed class SmallCnn : IDisposable
{
    private static readonly long[] Channels = [3, 16, 32, 64, 64];
    private static readonly long[] Strides = [1, 2, 2, 1];
    private const double Lr = 0.1, Momentum = 0.9, WeightDecay = 5e-4;

    private readonly List<Tensor> parameters = new();
    private readonly List<Tensor> buffers = new();
    private readonly List<Tensor> momentumBuffers = new();

    public SmallCnn(long classes)
    {
        using var scope = torch.NewDisposeScope();
        for (int i = 0; i < Strides.Length; i++)
        {
            long cin = Channels[i], cout = Channels[i + 1];
            Own(parameters, (randn(cout, cin, 3, 3) * Math.Sqrt(2.0 / (cin * 9))).detach().requires_grad_());
            Own(parameters, ones(new[] { cout }).requires_grad_());
            Own(parameters, zeros(new[] { cout }).requires_grad_());
            Own(buffers, zeros(cout));
            Own(buffers, ones(cout));
        }
        Own(parameters, (randn(classes, Channels[^1]) * 0.1).detach().requires_grad_());
        Own(parameters, zeros(new[] { classes }).requires_grad_());
        foreach (var p in parameters) Own(momentumBuffers, zeros_like(p));
    }

    private static void Own(List<Tensor> list, Tensor t) => list.Add(t.DetachFromDisposeScope());

    public Tensor Forward(Tensor x)
    {
        for (int i = 0; i < Strides.Length; i++)
        {
            x = F.conv2d(x, parameters[3 * i], null, stride: Strides[i], padding: 1);
            x = F.batch_norm(x, buffers[2 * i], buffers[2 * i + 1], parameters[3 * i + 1], parameters[3 * i + 2], training: true);
            x = F.relu(x);
        }
        x = F.adaptive_avg_pool2d(x, 1).flatten(1);
        return F.linear(x, parameters[^2], parameters[^1]);
    }

    /// <summary>One training step; call it inside a per-step dispose scope.</summary>
    public Tensor Step(Tensor x, Tensor y)
    {
        foreach (var p in parameters) p.grad = null;
        var loss = nn.functional.cross_entropy(Forward(x), y);
        loss.backward();
        using (no_grad())
        {
            for (int i = 0; i < parameters.Count; i++)
            {
                var p = parameters[i];
                var g = p.grad ?? throw new InvalidOperationException($"no gradient for parameter {i}");
                var d = g.add(p, alpha: WeightDecay);
                momentumBuffers[i].mul_(Momentum).add_(d);
                p.add_(momentumBuffers[i], alpha: -Lr);
            }
        }
        return loss;
    }

    public void Dispose()
    {
        foreach (var t in parameters.Concat(buffers).Concat(momentumBuffers)) t.Dispose();
    }
}
