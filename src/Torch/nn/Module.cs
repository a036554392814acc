namespace Ablation.Torch.nn;

/// <summary>
/// The base of every layer and model, shaped after torch.nn.Module. Registration is explicit and happens
/// in constructors, each call returning what it registered, so a model file reads
/// <code>conv1 = RegisterModule("conv1", new Conv2d(3, 64, kernel_size: 3));</code>
/// Names compose as PyTorch's do (`layer1.0.conv1.weight`, `bn1.running_mean`), so state dicts move
/// between C# and PyTorch unchanged. Parameters and buffers are owned by their module (never by a
/// DisposeScope) and disposed with it; the tensors this class hands out (<see cref="Parameters"/>,
/// <see cref="StateDict"/>, ...) are the live ones: do not dispose them.
/// </summary>
public abstract class Module : IDisposable
{
    // Registration order is state-dict order, as in PyTorch (params, then buffers, then children).
    private readonly List<(string Name, Tensor Tensor)> parameters = new();
    private readonly List<(string Name, Tensor Tensor, bool Persistent)> buffers = new();
    private readonly List<(string Name, Module Module)> children = new();
    private readonly HashSet<string> names = new();
    private bool disposed;

    /// <summary>True in training mode (the default), false after <see cref="Eval"/>.</summary>
    public bool Training { get; private set; } = true;

    public abstract Tensor Forward(Tensor input);

    // ---- registration --------------------------------------------------------------------------------

    /// <summary>Registers a submodule under <paramref name="name"/>; null registers nothing and returns null
    /// (an optional part, such as a block's `downsample`).</summary>
    protected T RegisterModule<T>(string name, T module) where T : Module?
    {
        if (module is null) return module!;
        CheckName(name);
        if (ReferenceEquals(module, this)) throw new ArgumentException($"module '{name}' cannot contain itself");
        children.Add((name, module));
        return module;
    }

    /// <summary>
    /// Registers a parameter: the module takes ownership (the tensor leaves its DisposeScope), a non-leaf is
    /// detached first (as nn.Parameter(data)), and requires_grad is set.
    /// </summary>
    protected Tensor RegisterParameter(string name, Tensor tensor, bool requires_grad = true)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        CheckName(name);
        DisposeScope.Detach(tensor);
        if (!tensor.IsLeaf) tensor.Detach_();
        tensor.RequiresGrad = requires_grad;
        parameters.Add((name, tensor));
        return tensor;
    }

    /// <summary>
    /// Registers a buffer (state that is not trained: running statistics, counters). Non-persistent
    /// buffers follow the module to a device but stay out of the state dict, as in PyTorch.
    /// </summary>
    protected Tensor RegisterBuffer(string name, Tensor tensor, bool persistent = true)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        CheckName(name);
        DisposeScope.Detach(tensor);
        buffers.Add((name, tensor, persistent));
        return tensor;
    }

    private void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"{GetType().Name}: name '{name}' must be non-empty and contain no '.'");
        if (!names.Add(name))
            throw new ArgumentException($"{GetType().Name}: '{name}' is already registered");
    }

    // ---- traversal -----------------------------------------------------------------------------------

    /// <summary>The direct submodules with their names.</summary>
    public IEnumerable<(string Name, Module Module)> NamedChildren() => children;

    public IEnumerable<Module> Children() => children.Select(c => c.Module);

    /// <summary>This module ("") and every submodule, depth first, with dotted names; each module once.</summary>
    public IEnumerable<(string Name, Module Module)> NamedModules()
    {
        var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
        return Walk("", seen);
    }

    private IEnumerable<(string, Module)> Walk(string prefix, HashSet<Module> seen)
    {
        if (!seen.Add(this)) yield break;
        yield return (prefix, this);
        foreach (var (name, child) in children)
            foreach (var item in child.Walk(prefix.Length == 0 ? name : prefix + "." + name, seen))
                yield return item;
    }

    public IEnumerable<Module> Modules() => NamedModules().Select(m => m.Module);

    /// <summary>Every parameter of this module and its submodules, with dotted names; shared ones once.</summary>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters(bool recurse = true)
    {
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var (prefix, module) in recurse ? NamedModules() : new[] { ("", this) })
            foreach (var (name, p) in module.parameters)
                if (seen.Add(p)) yield return (Join(prefix, name), p);
    }

    public IEnumerable<Tensor> Parameters(bool recurse = true) => NamedParameters(recurse).Select(p => p.Parameter);

    /// <summary>Every buffer (persistent or not) of this module and its submodules, with dotted names.</summary>
    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers(bool recurse = true)
    {
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var (prefix, module) in recurse ? NamedModules() : new[] { ("", this) })
            foreach (var (name, b, _) in module.buffers)
                if (seen.Add(b)) yield return (Join(prefix, name), b);
    }

    public IEnumerable<Tensor> Buffers(bool recurse = true) => NamedBuffers(recurse).Select(b => b.Buffer);

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

    // ---- modes, devices, gradients -------------------------------------------------------------------

    /// <summary>Sets training mode on this module and every submodule; returns this.</summary>
    public Module Train(bool mode = true)
    {
        foreach (var m in Modules()) m.Training = mode;
        return this;
    }

    /// <summary>Evaluation mode (batch norm uses running statistics, dropout is off); returns this.</summary>
    public Module Eval() => Train(false);

    /// <summary>
    /// Moves every parameter and buffer to <paramref name="device"/> in place: the tensors keep their
    /// identity, so fields and optimizers holding them stay valid (PyTorch's `param.data = ...`).
    /// </summary>
    public Module To(Device device) => Convert(-1, device);

    /// <summary>Casts the floating-point parameters and buffers to <paramref name="dtype"/> in place.</summary>
    public Module To(DType dtype) => Convert((int)dtype, null);

    public Module To(Device device, DType dtype) => Convert((int)dtype, device);

    private Module Convert(int dtype, Device? device)
    {
        foreach (var t in Parameters().Concat(Buffers()))
        {
            var d = device ?? t.Device;
            Native.Check(Native.abl_module_convert_(t.Handle, dtype, (int)d.Type, d.Index));
        }
        return this;
    }

    /// <summary>Clears the gradients of every parameter (set to none, PyTorch 2's default; or zeroed).</summary>
    public void ZeroGrad(bool set_to_none = true)
    {
        foreach (var p in Parameters())
        {
            if (set_to_none)
            {
                p.Grad = null;
                continue;
            }
            using var g = p.Grad;
            g?.Zero_();
        }
    }

    // ---- state dict ----------------------------------------------------------------------------------

    /// <summary>
    /// Parameters and persistent buffers under PyTorch's names, in PyTorch's order. The values are the
    /// module's live tensors (no copy): read or save them, do not dispose them.
    /// </summary>
    public OrderedDictionary<string, Tensor> StateDict()
    {
        var state = new OrderedDictionary<string, Tensor>();
        Collect("", state, new HashSet<Module>(ReferenceEqualityComparer.Instance));
        return state;
    }

    private void Collect(string prefix, OrderedDictionary<string, Tensor> state, HashSet<Module> seen)
    {
        if (!seen.Add(this)) return;
        foreach (var (name, p) in parameters) state.TryAdd(Join(prefix, name), p);
        foreach (var (name, b, persistent) in buffers)
            if (persistent) state.TryAdd(Join(prefix, name), b);
        foreach (var (name, child) in children) child.Collect(Join(prefix, name), state, seen);
    }

    /// <summary>
    /// Copies <paramref name="state"/> into this module's parameters and buffers (converting dtype and
    /// device as needed). Mis-shaped keys are always an error; with <paramref name="strict"/>, so are
    /// missing and unexpected keys. Everything is checked before anything is copied, and the error lists
    /// every offending key at once.
    /// </summary>
    public LoadResult LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(state);
        var own = StateDict();
        var missing = own.Keys.Where(k => !state.ContainsKey(k)).ToList();
        var unexpected = state.Keys.Where(k => !own.ContainsKey(k)).ToList();
        var misShaped = new List<string>();
        foreach (var (key, target) in own)
        {
            if (!state.TryGetValue(key, out var source)) continue;
            var want = target.Shape;
            var got = source.Shape;
            if (!want.SequenceEqual(got))
                misShaped.Add($"{key}: checkpoint [{string.Join(", ", got)}], model [{string.Join(", ", want)}]");
        }
        if (misShaped.Count > 0 || (strict && (missing.Count > 0 || unexpected.Count > 0)))
        {
            var parts = new List<string>();
            if (missing.Count > 0) parts.Add($"missing keys: {string.Join(", ", missing)}");
            if (unexpected.Count > 0) parts.Add($"unexpected keys: {string.Join(", ", unexpected)}");
            if (misShaped.Count > 0) parts.Add($"mis-shaped keys: {string.Join("; ", misShaped)}");
            throw new ArgumentException($"error loading state dict into {GetType().Name}: {string.Join(" | ", parts)}");
        }
        using (torch.no_grad())
        {
            foreach (var (key, target) in own)
                if (state.TryGetValue(key, out var source)) target.Copy_(source);
        }
        return new LoadResult(missing, unexpected);
    }

    // ---- lifetime ------------------------------------------------------------------------------------

    /// <summary>Disposes every parameter and buffer of this module and its submodules.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var (_, p) in parameters) p.Dispose();
        foreach (var (_, b, _) in buffers) b.Dispose();
        foreach (var (_, c) in children) c.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The module tree as PyTorch prints it: `Name(extra)` and children indented.</summary>
    public override string ToString()
    {
        var extra = ExtraRepr();
        if (children.Count == 0) return $"{GetType().Name}({extra})";
        var lines = new List<string> { $"{GetType().Name}({extra}" };
        foreach (var (name, child) in children)
            lines.Add($"  ({name}): " + child.ToString().Replace("\n", "\n  "));
        lines.Add(")");
        return string.Join("\n", lines);
    }

    /// <summary>The constructor arguments worth printing, as PyTorch's extra_repr.</summary>
    protected virtual string ExtraRepr() => "";
}

/// <summary>Keys a non-strict <see cref="Module.LoadStateDict"/> skipped.</summary>
public sealed record LoadResult(IReadOnlyList<string> MissingKeys, IReadOnlyList<string> UnexpectedKeys);
