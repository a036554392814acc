using Ablation.Experiments.Backbones;

namespace Ablation.Harness.Weights;

/// <summary>
/// What a state dict's shapes say about the model options: the stem (torchvision's conv1.weight is
/// [64, C, 7, 7] for the ImageNet stem, [w, C, 3, 3] for the CIFAR one), the input channels (conv1's second
/// dimension) and the classes (the classifier's rows: fc.weight, or MobileNetV2's classifier.1.weight). Used
/// to default `--stem` in `ablate infer`, and to say which option fixes a shape mismatch.
/// </summary>
public sealed record WeightsShape(string? Stem, long? InChannels, long? Classes)
{
    public static readonly string[] StemKeys = ["conv1.weight"];
    public static readonly string[] ClassifierKeys = ["fc.weight", "linear.weight", "classifier.1.weight", "classifier.weight"];

    public static WeightsShape Of(IReadOnlyDictionary<string, TensorEntry> header)
    {
        string? stem = null;
        long? inChannels = null, classes = null;
        if (StemKeys.Select(header.GetValueOrDefault).FirstOrDefault(e => e is { Shape.Count: 4 }) is { } conv)
        {
            stem = conv.Shape[2] switch { 7 => Stems.ImageNet, 3 => Stems.Cifar, _ => null };
            inChannels = conv.Shape[1];
        }
        else if (header.GetValueOrDefault("features.0.0.weight") is { Shape.Count: 4 } first)
            inChannels = first.Shape[1];
        if (ClassifierKeys.Select(header.GetValueOrDefault).FirstOrDefault(e => e is { Shape.Count: 2 }) is { } fc)
            classes = fc.Shape[0];
        return new WeightsShape(stem, inChannels, classes);
    }

    /// <summary>
    /// The options that would make <paramref name="spec"/> match these weights, as command-line text
    /// (<c>--stem imagenet --classes 10</c>); when the weights' shapes agree with the spec on all three, the
    /// options that change other shapes, for the user to check.
    /// </summary>
    public string FixFor(ModelSpec spec)
    {
        var fixes = new List<string>();
        if (Stem is not null && Stem != spec.ResolvedStem) fixes.Add($"--stem {Stem}");
        if (InChannels is { } c && c != spec.InChannels) fixes.Add($"--in-channels {c}");
        if (Classes is { } k && k != spec.Classes) fixes.Add($"--classes {k}");
        return fixes.Count > 0
            ? "the weights fit " + string.Join(" ", fixes)
            : "check --backbone, --attention, --placement, --stages, --attention-opt and --width against the model the weights come from";
    }
}
