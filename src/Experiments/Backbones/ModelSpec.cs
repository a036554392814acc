using Ablation.Experiments.Attention;

namespace Ablation.Experiments.Backbones;

/// <summary>
/// One model of the ablation matrix: a backbone (DESIGN.md section 4), an attention module and where it
/// sits. <see cref="Stages"/> null means every stage; <see cref="Stem"/> null means "from the image size"
/// (imagenet above 64 pixels, cifar otherwise); <see cref="Width"/> is the width multiplier of families
/// that have one (MobileNetV2), 1 otherwise.
/// </summary>
public sealed record ModelSpec(
    string Backbone,
    AttentionSpec Attention,
    string Placement = "block",
    int[]? Stages = null,
    long Classes = 1000,
    long InChannels = 3,
    long ImageSize = 224,
    string? Stem = null,
    double Width = 1.0)
{
    /// <summary>The stem this spec builds: the explicit one, or imagenet above 64 pixels, cifar otherwise.</summary>
    public string ResolvedStem => Stem ?? (ImageSize > 64 ? Stems.ImageNet : Stems.Cifar);

    public override string ToString() =>
        $"{Backbone} + {Attention} @ {Placement}" + (Stages is null ? "" : $" stages [{string.Join(",", Stages)}]");

    // Records compare arrays by reference; two specs with equal stages are the same model.
    public bool Equals(ModelSpec? other) =>
        other is not null && Backbone == other.Backbone && Attention.Equals(other.Attention) &&
        Placement == other.Placement && Classes == other.Classes && InChannels == other.InChannels &&
        ImageSize == other.ImageSize && Stem == other.Stem && Width.Equals(other.Width) &&
        (Stages ?? Array.Empty<int>()).SequenceEqual(other.Stages ?? Array.Empty<int>()) &&
        (Stages is null) == (other.Stages is null);

    public override int GetHashCode() => HashCode.Combine(Backbone, Attention, Placement, Classes, ImageSize, Stem, Width);
}

/// <summary>The stem names of DESIGN.md section 4.</summary>
public static class Stems
{
    /// <summary>7x7/2 convolution, BN, ReLU, 3x3/2 max pooling (MobileNetV2: its 3x3/2 convolution).</summary>
    public const string ImageNet = "imagenet";

    /// <summary>3x3/1 convolution, no pooling (MobileNetV2: stride 1 in the stem and the first stride-2 row).</summary>
    public const string Cifar = "cifar";

    public static readonly IReadOnlyList<string> All = new[] { ImageNet, Cifar };
}
