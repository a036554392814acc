using System.Collections;

namespace Ablation.Torch.nn;

/// <summary>
/// A list of submodules registered as "0", "1", ..., torch.nn.ModuleList: for models that iterate their
/// parts themselves. It has no Forward of its own.
/// </summary>
public sealed class ModuleList : Module, IEnumerable<Module>
{
    private readonly List<Module> modules = new();

    public ModuleList() { }

    public ModuleList(params Module[] modules)
    {
        foreach (var m in modules) Append(m);
    }

    public ModuleList(IEnumerable<Module> modules) : this(modules.ToArray()) { }

    public ModuleList Append(Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        modules.Add(RegisterModule(modules.Count.ToString(), module));
        return this;
    }

    public int Count => modules.Count;

    public Module this[int index] => modules[index < 0 ? index + modules.Count : index];

    public override Tensor Forward(Tensor input) =>
        throw new InvalidOperationException("ModuleList has no Forward: iterate its modules");

    public IEnumerator<Module> GetEnumerator() => modules.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
