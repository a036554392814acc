using Ablation.TorchSupport.nn;
using TorchSharp;
using static TorchSharp.torch;

namespace Ablation.Experiments.Detectors;

/// <summary>
/// A detector block that can carry an inserted attention module as its submodule <c>attn</c>, applied to the
/// block's output (or, in a bottleneck, to its residual branch). Attention therefore adds keys of its own
/// (<c>model.8.attn.*</c>, <c>backbone.backbone.dark5.0.attn.*</c>) and never renumbers the base layers, and
/// every consumer of the block's output sees the attended map.
/// </summary>
public abstract class AttentionHost : ExplicitModule
{
    protected AttentionHost(string name) : base(name) { }

    /// <summary>The inserted attention module, or null.</summary>
    public nn.Module<Tensor, Tensor>? attn { get; private set; }

    /// <summary>Inserts <paramref name="module"/> as <c>attn</c> (once).</summary>
    public void Attach(nn.Module<Tensor, Tensor> module)
    {
        if (attn != null) throw new InvalidOperationException($"{GetName()}: attention already attached");
        attn = RegisterModule("attn", module);
    }

    /// <summary>The attended map: attn(y), or y when nothing is attached.</summary>
    protected Tensor Attend(Tensor y) => attn is null ? y : attn.forward(y);
}

/// <summary>A module that reads several maps (Concat, the heads).</summary>
public interface IMultiInput
{
    Tensor forward(IReadOnlyList<Tensor> inputs);
}
