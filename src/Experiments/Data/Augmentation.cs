namespace Ablation.Experiments.Data;

/// <summary>
/// The training-time augmentation of a recipe (DESIGN.md section 5 <c>augment</c>), by name:
/// <c>random-crop-P</c> (zero-pad P pixels on each side, then crop back to the original size at a random
/// offset: torchvision's <c>RandomCrop(size, padding=P)</c>), <c>hflip</c> (mirror with probability 1/2:
/// <c>RandomHorizontalFlip()</c>), <c>cutout-L</c> (zero an L x L square at a random centre after
/// normalisation, clipped at the border: DeVries and Taylor 2017, arXiv:1708.04552), or <c>none</c>.
/// Normalisation with the data set's mean and std is always applied, with or without augmentation.
/// </summary>
public sealed record Augmentation(int CropPadding = 0, bool HorizontalFlip = false, int CutoutSize = 0)
{
    public static readonly Augmentation None = new();

    /// <summary>The usual CIFAR recipe: random-crop-4 and hflip.</summary>
    public static readonly Augmentation Standard = new(4, true);

    public const string Allowed = "random-crop-P (P in 0..64), hflip, cutout-L (L in 1..1024), none";

    public bool IsNone => CropPadding == 0 && !HorizontalFlip && CutoutSize == 0;

    public static Augmentation Parse(IEnumerable<string> items)
    {
        var result = None;
        foreach (var raw in items)
        {
            var item = raw.Trim().ToLowerInvariant();
            if (item is "none" or "") continue;
            if (item == "hflip") result = result with { HorizontalFlip = true };
            else if (item.StartsWith("random-crop-") && int.TryParse(item.AsSpan(12), out var p) && p is >= 0 and <= 64)
                result = result with { CropPadding = p };
            else if (item.StartsWith("cutout-") && int.TryParse(item.AsSpan(7), out var l) && l is >= 1 and <= 1024)
                result = result with { CutoutSize = l };
            else throw new ArgumentException($"augment: unknown item '{raw}', allowed: {Allowed}");
        }
        return result;
    }

    /// <summary>The names this augmentation parses from, in the canonical order.</summary>
    public IReadOnlyList<string> Names()
    {
        var names = new List<string>();
        if (CropPadding > 0) names.Add($"random-crop-{CropPadding}");
        if (HorizontalFlip) names.Add("hflip");
        if (CutoutSize > 0) names.Add($"cutout-{CutoutSize}");
        return names;
    }

    public override string ToString() => IsNone ? "none" : string.Join(",", Names());
}
