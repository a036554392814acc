using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ablation.TorchSupport;

/// <summary>
/// A TorchSharp optimizer's state as a flat dictionary of tensors with torch.optim's state_dict structure,
/// so that it can go into a safetensors checkpoint beside the model's state dict. TorchSharp's own
/// <c>save_state_dict</c> writes a binary stream of its own and PyBridge's <c>save_py</c> a pickle: neither
/// fits one safetensors file per checkpoint.
/// <para>
/// Keys, parameters numbered across groups in group order as torch.optim does: <c>state.{i}.momentum_buffer</c>
/// (SGD with momentum, once a step has made it), <c>state.{i}.step</c> (float32, as PyTorch stores it),
/// <c>state.{i}.exp_avg</c>, <c>state.{i}.exp_avg_sq</c> (and <c>max_exp_avg_sq</c> with amsgrad) for AdamW
/// once the parameter has stepped; <c>param_groups.{g}.params</c> (the indices, int64),
/// <c>param_groups.{g}.lr</c>, <c>.initial_lr</c> and <c>.weight_decay</c> (float64 scalars).
/// </para>
/// </summary>
public static class OptimizerStateDict
{
    private static readonly string[] GroupOptions = { "lr", "initial_lr", "weight_decay" };

    private static string[] Slots(OptimizerHelper optimizer) => optimizer switch
    {
        SGD => new[] { "momentum_buffer" },
        AdamW => new[] { "step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq" },
        _ => throw new NotSupportedException($"OptimizerStateDict: {optimizer.GetType().Name} is not supported (SGD, AdamW are)"),
    };

    /// <summary>
    /// The state now. State tensors are aliases of the live ones (no copy) and, like the scalars, belong to
    /// the caller's dispose scope: disposing them leaves the optimizer intact.
    /// </summary>
    public static Dictionary<string, Tensor> Of(OptimizerHelper optimizer)
    {
        Slots(optimizer);
        var sd = optimizer.state_dict();
        var result = new Dictionary<string, Tensor>();
        for (int g = 0; g < sd.Options.Count; g++)
        {
            foreach (int i in sd.StateIndexRef[g])
                foreach (var (slot, value) in StateTensors(sd.State[i]))
                    result[$"state.{i}.{slot}"] = value;
            result[$"param_groups.{g}.params"] = torch.tensor(sd.StateIndexRef[g].Select(i => (long)i).ToArray());
            var options = sd.Options[g];
            result[$"param_groups.{g}.lr"] = torch.tensor(options.LearningRate!.Value, ScalarType.Float64);
            result[$"param_groups.{g}.initial_lr"] = torch.tensor(options.InitialLearningRate, ScalarType.Float64);
            result[$"param_groups.{g}.weight_decay"] = torch.tensor(WeightDecay(options), ScalarType.Float64);
        }
        return result;
    }

    /// <summary>
    /// Restores a state written by <see cref="Of"/> for an optimizer of the same kind over parameters of the
    /// same shapes in the same groups: counts, keys and shapes are checked before anything changes, and a
    /// mismatch is an ArgumentException naming the key. Tensors are copied onto each parameter's device.
    /// </summary>
    public static void Load(OptimizerHelper optimizer, IReadOnlyDictionary<string, Tensor> state)
    {
        string name = optimizer.GetType().Name;
        var slots = Slots(optimizer);
        var sd = optimizer.state_dict();
        var parameters = optimizer.parameters().ToArray(); // group order, as the state's numbering
        var known = new HashSet<string>();
        for (int g = 0; g < sd.Options.Count; g++)
        {
            string key = $"param_groups.{g}.params";
            if (!state.TryGetValue(key, out var ids))
                throw new ArgumentException($"{name}.load_state_dict: missing '{key}' (the checkpoint has fewer parameter groups?)");
            if (ids.numel() != sd.StateIndexRef[g].Count)
                throw new ArgumentException($"{name}.load_state_dict: '{key}' lists {ids.numel()} parameters, the optimizer's group {g} has {sd.StateIndexRef[g].Count}");
            known.Add(key);
            foreach (var option in GroupOptions) known.Add($"param_groups.{g}.{option}");
            foreach (int i in sd.StateIndexRef[g])
                foreach (var slot in slots)
                {
                    var k = $"state.{i}.{slot}";
                    known.Add(k);
                    if (slot != "step" && state.TryGetValue(k, out var t) && !t.shape.SequenceEqual(parameters[i].shape))
                        throw new ArgumentException($"{name}.load_state_dict: '{k}' has shape [{string.Join(", ", t.shape)}], parameter {i} has [{string.Join(", ", parameters[i].shape)}]");
                }
        }
        var unexpected = state.Keys.Where(k => !known.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (unexpected.Count > 0)
            throw new ArgumentException($"{name}.load_state_dict: unexpected keys {string.Join(", ", unexpected)} (a checkpoint of another optimizer or model?)");

        using var noGrad = torch.no_grad();
        for (int g = 0; g < sd.Options.Count; g++)
        {
            var options = sd.Options[g];
            if (state.TryGetValue($"param_groups.{g}.lr", out var lr)) options.LearningRate = lr.item<double>();
            if (state.TryGetValue($"param_groups.{g}.initial_lr", out var initial)) options.InitialLearningRate = initial.item<double>();
            if (state.TryGetValue($"param_groups.{g}.weight_decay", out var wd)) SetWeightDecay(options, wd.item<double>());
            foreach (int i in sd.StateIndexRef[g])
                Restore(sd.State[i], parameters[i], options, k => state.TryGetValue($"state.{i}.{k}", out var t) ? t : null);
        }
    }

    private static IEnumerable<(string, Tensor)> StateTensors(OptimizerState state)
    {
        switch (state)
        {
            case SGD.State s:
                if (s.momentum_buffer is not null) yield return ("momentum_buffer", s.momentum_buffer.alias());
                break;
            case AdamW.State a when a.step > 0:
                yield return ("step", torch.tensor((float)a.step, ScalarType.Float32));
                yield return ("exp_avg", a.exp_avg.alias());
                yield return ("exp_avg_sq", a.exp_avg_sq.alias());
                if (a.max_exp_avg_sq is not null) yield return ("max_exp_avg_sq", a.max_exp_avg_sq.alias());
                break;
        }
    }

    /// <summary>A copy of a saved slot on the parameter's device and dtype, owned by the optimizer (no scope).</summary>
    private static Tensor Copy(Tensor saved, Tensor parameter) =>
        saved.to(parameter.dtype, parameter.device, copy: true).DetachFromDisposeScope();

    private static void Restore(OptimizerState state, Tensor parameter, OptimizerOptions options, Func<string, Tensor?> saved)
    {
        switch (state)
        {
            case SGD.State s:
                s.momentum_buffer?.Dispose();
                s.momentum_buffer = saved("momentum_buffer") is { } m ? Copy(m, parameter) : null;
                break;
            case AdamW.State a:
                if (saved("step") is { } step)
                {
                    a.step = (long)Math.Round(step.item<float>());
                    a.exp_avg.Dispose();
                    a.exp_avg = Copy(saved("exp_avg") ?? torch.zeros_like(parameter), parameter);
                    a.exp_avg_sq.Dispose();
                    a.exp_avg_sq = Copy(saved("exp_avg_sq") ?? torch.zeros_like(parameter), parameter);
                    if (a.max_exp_avg_sq is not null)
                    {
                        a.max_exp_avg_sq.Dispose();
                        a.max_exp_avg_sq = Copy(saved("max_exp_avg_sq") ?? torch.zeros_like(parameter), parameter);
                    }
                }
                else state.Initialize(options); // a parameter that never stepped: fresh state, as PyTorch has none
                break;
        }
    }

    private static double WeightDecay(OptimizerOptions options) => options switch
    {
        SGD.Options s => s.weight_decay ?? 0,
        AdamW.Options a => a.weight_decay ?? 0,
        _ => 0,
    };

    private static void SetWeightDecay(OptimizerOptions options, double value)
    {
        switch (options)
        {
            case SGD.Options s: s.weight_decay = value; break;
            case AdamW.Options a: a.weight_decay = value; break;
        }
    }
}
