using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using Ablation.TorchSupport.nn;

namespace Ablation.Experiments.Backbones;

/// <summary>
/// The part every residual block shares: an optional attention module registered as `attn` (after the
/// block's own layers and `downsample`, so torchvision's keys keep their order) and where it applies,
/// on the residual branch before the addition (`block`) or on the block's output (`post`).
/// </summary>
public abstract class ResidualBlock : ExplicitModule
{
    protected ResidualBlock(string name) : base(name) { }

    private Module<Tensor, Tensor>? attn;
    private string? position;

    /// <summary>Output channels of the block.</summary>
    public abstract long OutChannels { get; }

    /// <summary>Registers the attention module; called once, after the block's own layers.</summary>
    internal void SetAttention(Module<Tensor, Tensor>? module, string? where)
    {
        if (module is null) return;
        attn = RegisterModule("attn", module);
        position = where;
    }

    /// <summary>Applies the attention module if it sits at <paramref name="where"/>.</summary>
    protected Tensor Attend(Tensor x, string where) =>
        attn != null && position == where ? attn.forward(x) : x;
}
