using Ablation.Experiments.Attention;
using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using Xunit;

namespace Ablation.Experiments.Tests.Attention;

/// <summary>
/// Multiply-accumulates of one image through each module, counted on the meta device by the op-level
/// MacCounter, against closed forms from the papers' formulas (what `ablate profile` adds per site).
/// </summary>
public sealed class AttentionCostTests
{
    private const long HW = 56 * 56;

    [Theory]
    [InlineData("se", 256, 56, 2 * 256 * 16)]                                    // C -> C/16 -> C
    [InlineData("cbam", 256, 56, 2 * (2 * 256 * 16) + HW * 2 * 49)]              // MLP on avg and max; 7x7 conv 2 -> 1
    [InlineData("cbam-channel", 256, 56, 2 * (2 * 256 * 16))]
    [InlineData("cbam-spatial", 256, 56, HW * 2 * 49)]
    [InlineData("bam", 256, 56, 2 * 256 * 16 + HW * (256 * 16 + 2 * 16 * 16 * 9 + 16))]  // MLP; 1x1, two 3x3, 1x1
    [InlineData("eca", 256, 56, 256 * 5)]                                        // conv1d, k = 5 for C = 256
    [InlineData("ca", 256, 56, (56 + 56) * 256 * 8 + 56 * 8 * 256 + 56 * 8 * 256)] // mip = max(8, 256/32) = 8
    [InlineData("gam", 64, 14, 14 * 14 * (2 * 64 * 16 + 2 * 64 * 16 * 49))]      // per-pixel MLP; two 7x7 convs
    [InlineData("nam", 256, 56, 0)]
    [InlineData("simam", 256, 56, 0)]
    public void Macs_match_the_closed_form(string name, long channels, long size, long macs)
    {
        using var scope = torch.NewDisposeScope();
        using var module = AttentionRegistry.Create(new AttentionSpec(name), channels, META)!;
        module.eval();
        using var counter = MacCounter.Start();
        module.forward(torch.empty(new[] { 1, channels, size, size }, device: META));
        Assert.Equal(macs, counter.Macs);
    }
}
