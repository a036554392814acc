namespace Ablation.Experiments.Backbones;

/// <summary>Which residual block a ResNet-like network stacks.</summary>
public enum BlockKind
{
    /// <summary>torchvision BasicBlock (ResNet-18/34).</summary>
    Basic,
    /// <summary>torchvision Bottleneck (ResNet-50/101/152, ResNeXt).</summary>
    Bottleneck,
    /// <summary>He et al.'s CIFAR basic block with option A shortcuts (ResNet-20/32/56/110).</summary>
    CifarBasic,
    /// <summary>Pre-activation basic block (PreResNet, WideResNet).</summary>
    PreAct,
}

/// <summary>
/// The shape of a ResNet-like network: block kind, blocks per stage, planes per stage (a bottleneck's
/// output is 4x its planes), the stem's width, ResNeXt's groups and base width, and where a bottleneck
/// strides (the first 1x1 conv in the original layout, the 3x3 conv in torchvision's).
/// </summary>
public sealed record ResNetLayout(BlockKind Block, int[] Blocks, long[] Planes, long StemWidth, long Groups = 1,
    long BaseWidth = 64, bool StrideOnFirstConv = false)
{
    public int StageCount => Blocks.Length;
}
