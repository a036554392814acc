using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using Ablation.TorchSupport.nn;

namespace Ablation.Experiments.Backbones;

/// <summary>
/// One backbone of DESIGN.md section 4: its name, what it is, the paper that defines it, how many stages
/// placements can name, whether it takes a width multiplier, and how to build it.
/// </summary>
public sealed record BackboneInfo(string Name, string Family, string Description, string Paper, int StageCount,
    bool HasWidth)
{
    /// <summary>Builds the network: classes, input channels, resolved stem, width, dropout, sites, device.</summary>
    internal Func<long, long, string, double, double, AttentionSites, Device?, Module<Tensor, Tensor>> Build { get; init; } = null!;
}
