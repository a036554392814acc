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
/// An <c>after</c> placement is canonical: its indices sorted, each once. The modules hang on their layers as
/// <c>attn</c> submodules and are built in layer order whatever order the indices were written in, so
/// <c>after:6,4</c> and <c>after:[4, 6]</c> are the same model (and, in a matrix, the same run).
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

    /// <summary>What `ablate list placements` prints for detectors: each placement (and the after form), where it
    /// attends, and its sites in YOLOv5 and YOLOX (the table above).</summary>
    public static IReadOnlyList<DetectorPlacementInfo> All { get; } = new DetectorPlacementInfo[]
    {
        new(Block, "every bottleneck of the backbone's CSP blocks, after its second conv, before the addition", "C3 layers 2, 4, 6, 8", "dark2-dark5"),
        new(Stage, "after each backbone stage but the last", "layers 2, 4, 6", "dark2, dark3, dark4"),
        new(BackboneEnd, "the backbone's last map, before the spatial pyramid pooling (the default)", "after layer 8", "after dark5's first conv"),
        new(NeckIn, "each backbone feature the neck reads", "layers 4, 6, 9", "dark3, dark4, dark5"),
        new(HeadIn, "each neck output, before the head", "layers 17, 20, 23", "the three PAFPN outputs"),
        new("{after: [i, ...]}", "after the given layer indices of the base yaml (CLI: after:i,j; indices sorted, each once)", $"layers 0 to {YoloV5.YoloV5Model.LastAttendableLayer}", "-"),
    };

    /// <summary>
    /// Parses "block", "head-in", ..., or "after:4,6" / "after: [4, 6]" (YOLOv5 layer indices, sorted here). A bad
    /// value (an index that is not an integer, none, one twice) is an ArgumentException naming what is allowed.
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
            return OfLayers(layers, text);
        }
        throw new ArgumentException($"unknown detector placement '{text}'; allowed: {string.Join(", ", Names)}, after:[i, ...]");
    }

    /// <summary>The <c>after</c> placement of these layer indices, canonical (sorted); none, or one twice, is an ArgumentException.</summary>
    public static DetectorPlacement OfLayers(IEnumerable<int> layers, string? written = null)
    {
        var sorted = layers.Order().ToList();
        written ??= $"after:[{string.Join(", ", sorted)}]";
        if (sorted.Count == 0) throw new ArgumentException($"placement '{written}': give at least one layer index, as after:[8]");
        for (int i = 1; i < sorted.Count; i++)
            if (sorted[i] == sorted[i - 1])
                throw new ArgumentException($"placement '{written}': layer {sorted[i]} is listed twice; allowed: each layer index once");
        return new DetectorPlacement(After, sorted);
    }

    /// <summary>Whether <paramref name="text"/> is written as an <c>after</c> placement (valid or not).</summary>
    public static bool IsAfter(string text) => text.Trim().StartsWith(After, StringComparison.OrdinalIgnoreCase);

    /// <summary>The canonical text: the name, or <c>after:[4,6]</c> (sorted, no spaces: a run's placement and its label).</summary>
    public override string ToString() => Layers is null ? Name : $"after:[{string.Join(",", Layers)}]";
}

/// <summary>One row of the detector placement table: name, where it attends, its sites in YOLOv5 and in YOLOX.</summary>
public sealed record DetectorPlacementInfo(string Name, string Where, string YoloV5, string Yolox);
