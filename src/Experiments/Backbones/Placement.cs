namespace Ablation.Experiments.Backbones;

/// <summary>
/// Where attention modules go (DESIGN.md section 4). Every family has stages numbered from 1; a
/// placement's `stages` restricts it to some of them.
/// </summary>
public static class Placement
{
    /// <summary>On the residual branch, after its last BN (pre-activation: its last conv), before the
    /// addition, as SE, CBAM and ECA place theirs; in MobileNetV2 after the depthwise conv's activation of
    /// every expanding block (houqb/CoordAttention, mbv2_ca.py). Keys `layerN.M.attn.*` (`features.N.attn.*`).</summary>
    public const string Block = "block";

    /// <summary>On each block's output, after the addition and activation. Keys as `block`.</summary>
    public const string Post = "post";

    /// <summary>After every stage but the last, where the next stage downsamples, as BAM. Keys `attnN.*`.</summary>
    public const string Stage = "stage";

    /// <summary>After the last stage, just before global pooling. Keys `attn.*`.</summary>
    public const string Final = "final";

    public static readonly IReadOnlyList<PlacementInfo> All = new PlacementInfo[]
    {
        new(Block, "on the residual branch before the addition (MobileNetV2: after the depthwise conv of expanding blocks)",
            "layerN.M.attn", "SE (Hu et al., CVPR 2018), CBAM (Woo et al., ECCV 2018), ECA (Wang et al., CVPR 2020), CA (Hou et al., CVPR 2021)"),
        new(Post, "on every block's output, after the addition and activation", "layerN.M.attn", "a common ablation of block"),
        new(Stage, "after every stage but the last (where the next stage downsamples)", "attnN",
            "BAM (Park et al., BMVC 2018)"),
        new(Final, "after the last stage, before global pooling", "attn", "a single module on the last feature map"),
    };

    public static bool IsKnown(string name) => All.Any(p => p.Name == name);
}

/// <summary>What `ablate list placements` prints for one placement.</summary>
public sealed record PlacementInfo(string Name, string Where, string Keys, string UsedBy);
