using System.Globalization;
using System.Text.Json.Nodes;

namespace Ablation.Harness.Sweep;

/// <summary>
/// The metric of an epoch event as the sweep's progress lines print it: a detector's validation mAP@0.5:0.95
/// (<c>"map"</c>) as "mAP 28.1%", a classifier's top-1 (<c>"top1"</c>: test, else train) as "top1 75.3%", so a
/// detector's line never calls its mAP top-1; "–" where the event has neither (a detector's training steps).
/// </summary>
public static class EpochMetricText
{
    public static string Of(JsonObject m) => (double?)m["map"] is { } map
        ? string.Create(CultureInfo.InvariantCulture, $"mAP {map:P1}")
        : (double?)m["top1"] is { } top1 ? string.Create(CultureInfo.InvariantCulture, $"top1 {top1:P1}")
        : "–"; // a detector's step: no score before its evaluation
}
