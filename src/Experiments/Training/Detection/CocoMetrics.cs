using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ablation.Experiments.Training.Detection;

/// <summary>
/// The summary of a COCO bbox evaluation: pycocotools' twelve <c>stats</c> in their order (AP at IoU
/// 0.50:0.95, 0.50, 0.75; AP small, medium, large; AR at 1, 10, 100 detections; AR small, medium, large)
/// and AP per category. Every value is a fraction in [0, 1], or -1 where pycocotools prints -1 (nothing to
/// measure: no ground truth in that range).
/// </summary>
public sealed record CocoMetrics(
    double Map, double Map50, double Map75, double MapSmall, double MapMedium, double MapLarge,
    double Mar1, double Mar10, double Mar100, double MarSmall, double MarMedium, double MarLarge,
    IReadOnlyList<CocoClassAp> PerClass)
{
    /// <summary>
    /// The JSON object of <c>ablate evaluate --json</c>: <c>map, map50, map75, map_small, map_medium, map_large,
    /// mar1, mar10, mar100, mar_small, mar_medium, mar_large</c> and <c>per_class</c>, a list of
    /// <c>{id, name, ap, ap50}</c> in ascending category id.
    /// </summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            foreach (var (name, value) in Named()) w.WriteNumber(name, value);
            w.WriteStartArray("per_class");
            foreach (var c in PerClass)
            {
                w.WriteStartObject();
                w.WriteNumber("id", c.Id);
                w.WriteString("name", c.Name);
                w.WriteNumber("ap", c.Ap);
                w.WriteNumber("ap50", c.Ap50);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public IEnumerable<(string Name, double Value)> Named() =>
    [
        ("map", Map), ("map50", Map50), ("map75", Map75), ("map_small", MapSmall), ("map_medium", MapMedium), ("map_large", MapLarge),
        ("mar1", Mar1), ("mar10", Mar10), ("mar100", Mar100), ("mar_small", MarSmall), ("mar_medium", MarMedium), ("mar_large", MarLarge),
    ];

    /// <summary>pycocotools' summary lines (same labels, three decimals), then one line per category.</summary>
    public string ToText()
    {
        var s = new StringBuilder();
        void Line(string kind, string iou, string area, int dets, double v) =>
            s.AppendLine(string.Format(CultureInfo.InvariantCulture, " {0,-18} {1} @[ IoU={2,-9} | area={3,6} | maxDets={4,3} ] = {5:0.000}",
                kind == "AP" ? "Average Precision" : "Average Recall", $"({kind})", iou, area, dets, v));
        Line("AP", "0.50:0.95", "all", 100, Map);
        Line("AP", "0.50", "all", 100, Map50);
        Line("AP", "0.75", "all", 100, Map75);
        Line("AP", "0.50:0.95", "small", 100, MapSmall);
        Line("AP", "0.50:0.95", "medium", 100, MapMedium);
        Line("AP", "0.50:0.95", "large", 100, MapLarge);
        Line("AR", "0.50:0.95", "all", 1, Mar1);
        Line("AR", "0.50:0.95", "all", 10, Mar10);
        Line("AR", "0.50:0.95", "all", 100, Mar100);
        Line("AR", "0.50:0.95", "small", 100, MarSmall);
        Line("AR", "0.50:0.95", "medium", 100, MarMedium);
        Line("AR", "0.50:0.95", "large", 100, MarLarge);
        if (PerClass.Count > 0)
        {
            int width = Math.Max(8, PerClass.Max(c => c.Name.Length));
            s.AppendLine();
            s.AppendLine($" {"category".PadRight(width)}  {"AP",6}  {"AP50",6}");
            foreach (var c in PerClass)
                s.AppendLine(string.Format(CultureInfo.InvariantCulture, " {0}  {1,6:0.000}  {2,6:0.000}", c.Name.PadRight(width), c.Ap, c.Ap50));
        }
        return s.ToString().TrimEnd('\n');
    }
}
