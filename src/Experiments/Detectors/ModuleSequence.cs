using Ablation.TorchSupport.nn;
using static TorchSharp.torch;

namespace Ablation.Experiments.Detectors;

/// <summary>
/// torch.nn.Sequential with keys 0, 1, ... and, optionally, an <c>attn</c> applied after the last module
/// (YOLOX's stages dark2..dark5 are Sequentials; stage attention becomes <c>dark2.attn</c>).
/// </summary>
public sealed class ModuleSequence : AttentionHost
{
    public IReadOnlyList<nn.Module<Tensor, Tensor>> Items { get; }

    public ModuleSequence(IEnumerable<nn.Module<Tensor, Tensor>> modules) : base("Sequential")
    {
        var list = modules.ToList();
        for (int i = 0; i < list.Count; i++) RegisterModule(i.ToString(System.Globalization.CultureInfo.InvariantCulture), list[i]);
        Items = list;
    }

    public nn.Module<Tensor, Tensor> this[int i] => Items[i];

    public override Tensor forward(Tensor x)
    {
        foreach (var m in Items) x = m.forward(x);
        return Attend(x);
    }
}
