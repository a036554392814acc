namespace Ablation.Torch.optim;

/// <summary>
/// The base of the optimizers, shaped after torch.optim.Optimizer: parameter groups, <see cref="Step"/>,
/// <see cref="ZeroGrad"/> and a state dict for checkpoints. Per-parameter state (momentum buffers, Adam's
/// moments) lives in native handles owned by the optimizer, so a step passes whole groups to one native
/// call (native/src/ops_optim.cpp) without allocating managed objects.
/// </summary>
public abstract unsafe class Optimizer : IDisposable
{
    private readonly ParamGroup[] groups;
    private readonly IntPtr[][] paramHandles;
    /// <summary>Per group, per state slot (<see cref="SlotNames"/>), one native handle per parameter (zero: not created yet).</summary>
    private readonly IntPtr[][][] slots;
    /// <summary>Per group, per parameter: the number of steps taken (kept only by optimizers that need it).</summary>
    private readonly long[][] steps;
    private bool disposed;

    protected Optimizer(IEnumerable<ParamGroup> param_groups, double lr, double weight_decay)
    {
        groups = param_groups.ToArray();
        if (groups.Length == 0 || groups.All(g => g.Params.Count == 0))
            throw new ArgumentException($"{GetType().Name}: got an empty parameter list");
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var g in groups)
        {
            g.ApplyDefaults(lr, weight_decay);
            foreach (var p in g.Params)
            {
                if (!seen.Add(p)) throw new ArgumentException($"{GetType().Name}: a parameter appears in more than one group");
                if (!p.IsLeaf) throw new ArgumentException($"{GetType().Name}: can't optimize a non-leaf tensor");
            }
        }
        paramHandles = groups.Select(g => g.Params.Select(p => p.Handle).ToArray()).ToArray();
        slots = groups.Select(g => SlotNames.Select(_ => new IntPtr[g.Params.Count]).ToArray()).ToArray();
        steps = groups.Select(g => new long[g.Params.Count]).ToArray();
    }

    public IReadOnlyList<ParamGroup> ParamGroups => groups;

    /// <summary>Names of the per-parameter state tensors, as in torch.optim's state ("momentum_buffer", ...).</summary>
    protected abstract string[] SlotNames { get; }

    /// <summary>True when the optimizer counts steps per parameter (saved as state.i.step, as Adam's).</summary>
    protected virtual bool CountsSteps => false;

    /// <summary>Updates every parameter that has a gradient, from its gradient.</summary>
    public void Step()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        for (int g = 0; g < groups.Length; g++)
        {
            foreach (var p in groups[g].Params)
                if (p.IsDisposed) throw new ObjectDisposedException(nameof(Tensor), "a parameter of this optimizer was disposed (its module was disposed?)");
            StepGroup(groups[g], paramHandles[g], slots[g], steps[g]);
        }
    }

    /// <summary>One group's update: its parameters' handles, its state slots (filled on first use), its step counts.</summary>
    protected abstract void StepGroup(ParamGroup group, IntPtr[] @params, IntPtr[][] state, long[] step);

    /// <summary>Clears the gradients of every parameter (set to none by default, as PyTorch 2).</summary>
    public void ZeroGrad(bool set_to_none = true)
    {
        foreach (var p in groups.SelectMany(g => g.Params))
        {
            if (set_to_none)
            {
                p.Grad = null;
                continue;
            }
            using var grad = p.Grad;
            grad?.Zero_();
        }
    }

    // ---- checkpoints -----------------------------------------------------------------------------

    /// <summary>
    /// The optimizer's state as named tensors, ready for a safetensors checkpoint, with torch.optim's
    /// structure: `state.{i}.{slot}` per parameter i (numbered across groups in order; `state.{i}.step`
    /// as float32 for optimizers that count steps) and `param_groups.{g}.{lr|weight_decay|initial_lr}`
    /// (float64 scalars) and `param_groups.{g}.params` (the indices). The tensors belong to the current
    /// DisposeScope; state tensors are aliases of the live ones (no copy).
    /// </summary>
    public Dictionary<string, Tensor> StateDict()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var state = new Dictionary<string, Tensor>();
        int index = 0;
        for (int g = 0; g < groups.Length; g++)
        {
            var group = groups[g];
            var indices = new long[group.Params.Count];
            for (int i = 0; i < group.Params.Count; i++, index++)
            {
                indices[i] = index;
                for (int s = 0; s < SlotNames.Length; s++)
                    if (slots[g][s][i] != IntPtr.Zero)
                        state[$"state.{index}.{SlotNames[s]}"] = new Tensor(Native.abl_alias(slots[g][s][i]));
                if (CountsSteps && steps[g][i] > 0)
                    state[$"state.{index}.step"] = torch.tensor((double)steps[g][i], DType.Float32);
            }
            state[$"param_groups.{g}.params"] = torch.tensor(indices);
            state[$"param_groups.{g}.lr"] = torch.tensor(group.lr, DType.Float64);
            state[$"param_groups.{g}.weight_decay"] = torch.tensor(group.weight_decay, DType.Float64);
            if (group.initial_lr is double initial) state[$"param_groups.{g}.initial_lr"] = torch.tensor(initial, DType.Float64);
        }
        return state;
    }

    /// <summary>
    /// Restores a state written by <see cref="StateDict"/> for the same parameter groups (counts and
    /// shapes are checked first; the error names the offending key). State tensors are copied onto each
    /// parameter's device.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        string name = GetType().Name;
        var known = new HashSet<string>();
        int index = 0;
        for (int g = 0; g < groups.Length; g++)
        {
            string key = $"param_groups.{g}.params";
            if (!state.TryGetValue(key, out var ids))
                throw new ArgumentException($"{name}.LoadStateDict: missing '{key}' (the checkpoint has fewer parameter groups?)");
            if (ids.NumEl != groups[g].Params.Count)
                throw new ArgumentException($"{name}.LoadStateDict: '{key}' lists {ids.NumEl} parameters, the optimizer's group {g} has {groups[g].Params.Count}");
            known.Add(key);
            for (int i = 0; i < groups[g].Params.Count; i++, index++)
            {
                var p = groups[g].Params[i];
                foreach (var slot in SlotNames)
                {
                    var k = $"state.{index}.{slot}";
                    known.Add(k);
                    if (state.TryGetValue(k, out var t) && !t.Shape.SequenceEqual(p.Shape))
                        throw new ArgumentException($"{name}.LoadStateDict: '{k}' has shape [{string.Join(", ", t.Shape)}], parameter {index} has [{string.Join(", ", p.Shape)}]");
                }
                known.Add($"state.{index}.step");
            }
            foreach (var option in new[] { "lr", "weight_decay", "initial_lr" }) known.Add($"param_groups.{g}.{option}");
        }
        var unexpected = state.Keys.Where(k => !known.Contains(k)).ToList();
        if (unexpected.Count > 0)
            throw new ArgumentException($"{name}.LoadStateDict: unexpected keys {string.Join(", ", unexpected)} (a checkpoint of another optimizer or model?)");

        index = 0;
        for (int g = 0; g < groups.Length; g++)
        {
            var group = groups[g];
            if (state.TryGetValue($"param_groups.{g}.lr", out var lr)) group.lr = lr.Item<double>();
            if (state.TryGetValue($"param_groups.{g}.weight_decay", out var wd)) group.weight_decay = wd.Item<double>();
            group.initial_lr = state.TryGetValue($"param_groups.{g}.initial_lr", out var initial) ? initial.Item<double>() : null;
            for (int i = 0; i < group.Params.Count; i++, index++)
            {
                var p = group.Params[i];
                for (int s = 0; s < SlotNames.Length; s++)
                {
                    Free(ref slots[g][s][i]);
                    if (state.TryGetValue($"state.{index}.{SlotNames[s]}", out var t))
                        slots[g][s][i] = Native.Check(Native.abl_to(t.Handle, (int)p.DType, (int)p.Device.Type, p.Device.Index, 1));
                }
                steps[g][i] = state.TryGetValue($"state.{index}.step", out var step) ? (long)Math.Round(step.Item<double>()) : 0;
            }
        }
    }

    private static void Free(ref IntPtr handle)
    {
        if (handle != IntPtr.Zero) Native.abl_free(handle);
        handle = IntPtr.Zero;
    }

    /// <summary>Frees the optimizer's state (the parameters belong to their module).</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        FreeState();
        GC.SuppressFinalize(this);
    }

    // A constructor that threw leaves `slots` null; the finalizer still runs.
    private void FreeState()
    {
        if (slots is null) return;
        foreach (var group in slots)
            foreach (var slot in group)
                for (int i = 0; i < slot.Length; i++) Free(ref slot[i]);
    }

    ~Optimizer() => FreeState();
}
