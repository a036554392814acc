using System.Globalization;
using System.Text.Json.Nodes;

namespace Ablation.Harness.Sweep;

/// <summary>
/// The score part of a worker's progress event as the sweep prints it: "mAP 0.412" for a detection run (the event
/// carries <c>map</c>), "top1 81.2%" for a classification one (<c>top1</c>), nothing when the event has neither.
/// </summary>
public static class ProgressScore
{
    public static string Describe(JsonObject m) =>
        (double?)m["map"] is { } map ? string.Create(CultureInfo.InvariantCulture, $" mAP {map:F3}")
        : (double?)m["top1"] is { } top1 ? string.Create(CultureInfo.InvariantCulture, $" top1 {top1:P1}")
        : "";
}
