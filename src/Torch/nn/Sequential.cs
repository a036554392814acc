using System.Collections;

namespace Ablation.Torch.nn;

/// <summary>
/// Runs its modules in order, torch.nn.Sequential. Modules are named "0", "1", ... (so state-dict keys
/// read `downsample.0.weight`), or by the names given as (name, module) pairs (PyTorch's OrderedDict form).
/// Indexable by position.
/// </summary>
public sealed class Sequential : Module, IEnumerable<Module>
{
    private readonly List<Module> modules = new();

    public Sequential() { }

    public Sequential(params Module[] modules)
    {
        foreach (var m in modules) Append(m);
    }

    public Sequential(params (string Name, Module Module)[] modules)
    {
        foreach (var (name, m) in modules) this.modules.Add(RegisterModule(name, m));
    }

    /// <summary>Adds a module at the end under the next index name; returns this.</summary>
    public Sequential Append(Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        modules.Add(RegisterModule(modules.Count.ToString(), module));
        return this;
    }

    public int Count => modules.Count;

    public Module this[int index] => modules[index < 0 ? index + modules.Count : index];

    public override Tensor Forward(Tensor input)
    {
        // Intermediates belong to the caller's scope, as any op's output does.
        var x = input;
        foreach (var m in modules) x = m.Forward(x);
        return x;
    }

    public IEnumerator<Module> GetEnumerator() => modules.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
