namespace Ablation.Experiments.Detectors;

/// <summary>
/// Where attention goes in a detector (DESIGN.md section 4). Every placement is resolved by name against the
/// model's own structure; base layers keep their indices.
/// <list type="table">
/// <item><term>block</term><description>every bottleneck of the backbone's CSP blocks, after its second conv,
/// before the addition (YOLOv5: C3 layers 2, 4, 6, 8; YOLOX: dark2-dark5)</description></item>
/// <item><term>stage</term><description>after each backbone stage but the last (YOLOv5: layers 2, 4, 6; YOLOX:
/// dark2, dark3, dark4)</description></item>
/// <item><term>backbone-end</term><description>the backbone's last map before the spatial pyramid pooling
/// (YOLOv5: after layer 8; YOLOX: after dark5's first conv)</description></item>
/// <item><term>neck-in</term><description>each backbone feature the neck reads (YOLOv5: layers 4, 6, 9; YOLOX:
/// dark3, dark4, dark5)</description></item>
/// <item><term>head-in</term><description>each neck output before the head (YOLOv5: layers 17, 20, 23; YOLOX:
/// the three PAFPN outputs)</description></item>
/// <item><term>after:i,j</term><description>after the given YOLOv5 layer indices of the base yaml</description></item>
/// </list>
/// </summary>
public sealed record DetectorPlacement(string Name, IReadOnlyList<int>? Layers = null)
{
    public const string Block = "block";
    public const string Stage = "stage";
    public const string BackboneEnd = "backbone-end";
    public const string NeckIn = "neck-in";
    public const string HeadIn = "head-in";
    public const string After = "after";

    /// <summary>The named placements, in the order of the issue's table.</summary>
    public static IReadOnlyList<string> Names { get; } = new[] { Block, Stage, BackboneEnd, NeckIn, HeadIn };

    /// <summary>
    /// Parses "block", "head-in", ..., or "after:4,6" / "after: [4, 6]" (YOLOv5 layer indices). A bad value
    /// is an ArgumentException naming what is allowed.
    /// </summary>
    public static DetectorPlacement Parse(string text)
    {
        var s = text.Trim().ToLowerInvariant();
        if (Names.Contains(s)) return new DetectorPlacement(s);
        if (s.StartsWith(After, StringComparison.Ordinal))
        {
            var rest = s[After.Length..].TrimStart(':', ' ').Trim().Trim('[', ']');
            var parts = rest.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var layers = new List<int>();
            foreach (var p in parts)
                layers.Add(int.TryParse(p, out var i) ? i
                    : throw new ArgumentException($"placement '{text}': '{p}' is not a layer index; write after:[i, j, ...]"));
            if (layers.Count == 0) throw new ArgumentException($"placement '{text}': give at least one layer index, as after:[8]");
            return new DetectorPlacement(After, layers);
        }
        throw new ArgumentException($"unknown detector placement '{text}'; allowed: {string.Join(", ", Names)}, after:[i, ...]");
    }

    public override string ToString() => Layers is null ? Name : $"after:[{string.Join(", ", Layers)}]";
}
