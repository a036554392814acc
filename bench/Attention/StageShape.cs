namespace Ablation.Bench.Attention;

/// <summary>
/// The output of each ResNet-50 stage at 224x224 input (He et al., "Deep Residual Learning for Image
/// Recognition", CVPR 2016, Table 1): where a block-placed attention module runs.
/// </summary>
public sealed record StageShape(int Stage, long Channels, long Size)
{
    public static readonly StageShape[] ResNet50 = [new(1, 256, 56), new(2, 512, 28), new(3, 1024, 14), new(4, 2048, 7)];

    public override string ToString() => $"{Stage}: {Channels}x{Size}x{Size}";
}
