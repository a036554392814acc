using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using Ablation.TorchSupport.nn;

namespace Ablation.Experiments.Backbones;

/// <summary>
/// Decides, while a backbone is built, which of its sites get an attention module: the placement, the
/// chosen stages, and the factory that makes a module for a channel count (null: no module, for `none`).
/// Backbones ask at every site; this class alone knows the rules of DESIGN.md section 4.
/// </summary>
internal sealed class AttentionSites
{
    private readonly string placement;
    private readonly HashSet<int>? stages;
    private readonly Func<long, Module<Tensor, Tensor>?> create;

    public AttentionSites(string placement, IReadOnlyCollection<int>? stages, Func<long, Module<Tensor, Tensor>?> create)
    {
        this.placement = placement;
        this.stages = stages is null ? null : new HashSet<int>(stages);
        this.create = create;
    }

    /// <summary>No attention anywhere (the backbone alone).</summary>
    public static AttentionSites None { get; } = new(Placement.Block, null, _ => null);

    /// <summary>"block" or "post" when this placement puts modules inside blocks, else null.</summary>
    public string? BlockPosition => placement is Placement.Block or Placement.Post ? placement : null;

    private bool Chosen(int stage) => stages is null || stages.Contains(stage);

    /// <summary>The module of a block in <paramref name="stage"/> (block and post placements).</summary>
    public Module<Tensor, Tensor>? InBlock(int stage, long channels) =>
        BlockPosition != null && Chosen(stage) ? create(channels) : null;

    /// <summary>The module after <paramref name="stage"/> (stage placement; never after the last stage).</summary>
    public Module<Tensor, Tensor>? AfterStage(int stage, int lastStage, long channels) =>
        placement == Placement.Stage && stage != lastStage && Chosen(stage) ? create(channels) : null;

    /// <summary>The module before global pooling (final placement).</summary>
    public Module<Tensor, Tensor>? Final(long channels) => placement == Placement.Final ? create(channels) : null;
}
