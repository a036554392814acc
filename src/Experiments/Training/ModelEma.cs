using TorchSharp;
using static TorchSharp.torch;

namespace Ablation.Experiments.Training;

/// <summary>
/// YOLOv5's ModelEMA (utils/torch_utils.py, after timm's): a copy of the model whose floating-point state
/// follows v ← d·v + (1 − d)·θ after every optimizer step, with d = decay·(1 − exp(−updates / tau)) so the
/// average forgets the random initialisation fast at the start. Integer buffers (BN's num_batches_tracked) are
/// copied. It is what the trainer evaluates and checkpoints (key prefix <c>ema.</c>).
/// </summary>
public sealed class ModelEma
{
    private readonly nn.Module<Tensor, Tensor> ema;
    private readonly double decay, tau;

    /// <param name="copy">a second instance of the model's architecture; its state is overwritten with the model's.</param>
    public ModelEma(nn.Module<Tensor, Tensor> model, nn.Module<Tensor, Tensor> copy, double decay, double tau, long updates = 0)
    {
        ema = copy;
        this.decay = decay;
        this.tau = tau;
        Updates = updates;
        using (torch.no_grad())
        {
            var target = ema.state_dict();
            foreach (var (k, v) in model.state_dict()) target[k].copy_(v);
        }
        foreach (var p in ema.parameters()) p.requires_grad = false;
        ema.eval();
    }

    public nn.Module<Tensor, Tensor> Module => ema;
    public long Updates { get; private set; }

    public double Decay(long updates) => decay * (1 - Math.Exp(-updates / tau));

    public void Update(nn.Module<Tensor, Tensor> model)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        Updates++;
        double d = Decay(Updates);
        var target = ema.state_dict();
        foreach (var (k, v) in model.state_dict())
        {
            var e = target[k];
            // By dtype, not is_floating_point(), and without add_'s alpha, which libtorch refuses on integer tensors.
            if (e.dtype is ScalarType.Float32 or ScalarType.Float64 or ScalarType.Float16 or ScalarType.BFloat16)
                e.mul_(d).add_(v.detach().mul(1 - d));
            else e.copy_(v);
        }
    }

    /// <summary>Sets the average and its update count (a resumed run).</summary>
    public void Load(IReadOnlyDictionary<string, Tensor> state, long updates)
    {
        using var _ = torch.no_grad();
        foreach (var (k, e) in ema.state_dict())
            e.copy_(state.TryGetValue(k, out var v) ? v
                : throw new ArgumentException($"checkpoint: EMA state lacks '{k}'"));
        Updates = updates;
    }
}
