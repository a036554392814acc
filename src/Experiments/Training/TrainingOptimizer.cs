using Ablation.Torch;
using Ablation.Torch.nn;

namespace Ablation.Experiments.Training;

/// <summary>
/// The recipe's optimizer over a model's parameters, with the learning rate set per step by the trainer
/// and its state (momentum buffers, Adam moments, step count) saved in checkpoints under the parameters'
/// names. Updates as torch.optim does:
/// SGD: g = grad + wd * p; buf = momentum * buf + g (buf = g at the first step); g = g + momentum * buf
/// (Nesterov) or buf; p -= lr * g.
/// AdamW (Loshchilov and Hutter 2019): p *= 1 - lr * wd; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
/// p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps), b1 = 0.9, b2 = 0.999, eps = 1e-8.
/// With no_bn_bias_decay, parameters of fewer than 2 dimensions (BatchNorm weights, all biases) get no decay.
/// </summary>
public sealed class TrainingOptimizer : IDisposable
{
    private readonly (string Name, Tensor Param, double Decay)[] parameters;
    private readonly Dictionary<string, Tensor> state = new();
    private readonly Recipe recipe;
    private long step;
    private double lr;

    private TrainingOptimizer(Module model, Recipe recipe)
    {
        this.recipe = recipe;
        lr = recipe.Lr;
        parameters = model.NamedParameters()
            .Select(p => (p.Name, p.Parameter, recipe.NoBnBiasDecay && p.Parameter.Dim < 2 ? 0.0 : recipe.WeightDecay))
            .ToArray();
    }

    public static TrainingOptimizer Create(Module model, Recipe recipe) => new(model, recipe);

    public double Lr => lr;

    public void SetLr(double value) => lr = value;

    public void ZeroGrad()
    {
        foreach (var (_, p, _) in parameters) p.Grad = null;
    }

    public void Step()
    {
        step++;
        using var scope = torch.NewScope();
        using var _ = torch.no_grad();
        foreach (var (name, p, decay) in parameters)
        {
            var grad = p.Grad;
            if (grad is null) continue;
            if (recipe.Optimizer == "adamw") AdamW(name, p, grad, decay);
            else Sgd(name, p, grad, decay);
        }
    }

    private void Sgd(string name, Tensor p, Tensor grad, double decay)
    {
        var g = decay != 0 ? grad.Add(p, decay) : grad;
        if (recipe.Momentum != 0)
        {
            var key = name + ".momentum_buffer";
            if (!state.TryGetValue(key, out var buf))
                state[key] = buf = DisposeScope.Detach(g.Clone());
            else
                buf.Mul_(recipe.Momentum).Add_(g);
            g = recipe.Nesterov ? g.Add(buf, recipe.Momentum) : buf;
        }
        p.Add_(g, -lr);
    }

    private void AdamW(string name, Tensor p, Tensor grad, double decay)
    {
        const double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
        if (decay != 0) p.Mul_(1 - lr * decay);
        var m = State(name + ".exp_avg", p);
        var v = State(name + ".exp_avg_sq", p);
        m.Lerp_(grad, 1 - beta1);
        v.Mul_(beta2).Addcmul_(grad, grad, 1 - beta2);
        double bias1 = 1 - Math.Pow(beta1, step), bias2 = 1 - Math.Pow(beta2, step);
        var denom = (v.Sqrt() / Math.Sqrt(bias2)).Add_(eps);
        p.Addcdiv_(m, denom, -lr / bias1);
    }

    private Tensor State(string key, Tensor like)
    {
        if (!state.TryGetValue(key, out var t)) state[key] = t = DisposeScope.Detach(torch.zeros_like(like));
        return t;
    }

    /// <summary>The state to checkpoint: live tensors (do not dispose) plus the step count.</summary>
    public IReadOnlyDictionary<string, Tensor> State()
    {
        var result = new Dictionary<string, Tensor>(state) { ["step"] = torch.tensor(new[] { step }) };
        return result;
    }

    /// <summary>Restores <see cref="State"/> (copies the tensors).</summary>
    public void LoadState(IReadOnlyDictionary<string, Tensor> saved)
    {
        foreach (var t in state.Values) t.Dispose();
        state.Clear();
        var known = parameters.Select(p => p.Name).ToHashSet();
        foreach (var (key, value) in saved)
        {
            if (key == "step")
            {
                step = value.Item<long>();
                continue;
            }
            int dot = key.LastIndexOf('.');
            if (dot < 0 || !known.Contains(key[..dot]))
                throw new InvalidDataException($"checkpoint: optimizer state '{key}' belongs to no parameter of the model");
            state[key] = DisposeScope.Detach(value.Clone());
        }
    }

    public void Dispose()
    {
        foreach (var t in state.Values) t.Dispose();
        state.Clear();
    }
}
