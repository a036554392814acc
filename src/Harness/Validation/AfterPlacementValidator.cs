using Ablation.Experiments.Backbones;
using Ablation.Experiments.Detectors;
using Ablation.Experiments.Detectors.YoloV5;
using Ablation.Harness.Runs;
using Ablation.Harness.Spec;

namespace Ablation.Harness.Validation;

/// <summary>
/// A placement <c>{after: [i, ...]}</c> names layer indices of YOLOv5's base yaml (issue 13's placement table):
/// each run that has one must be on a YOLOv5 detector, and every index must be a layer before Detect. The loader
/// has already checked the shape (a list of integers, each once); this needs the run's backbone. A rejected run
/// is left out of the model validator, so each problem is one line, at the placement's mark.
/// </summary>
public sealed class AfterPlacementValidator : IValidator
{
    public IEnumerable<SpecError> Validate(ValidationContext context)
    {
        foreach (var run in context.Runs)
        {
            var s = run.Spec;
            if (s.Placement == RunSpec.NoPlacement || !DetectorPlacement.IsAfter(s.Placement)) continue;
            if (!context.Catalog.Backbones.Contains(s.Backbone)) continue;   // NamesValidator reports it
            var problem = Problem(s.Backbone, DetectorPlacement.Parse(s.Placement));
            if (problem is null) continue;
            context.RejectedRuns.Add(s.RunId);
            yield return new SpecError(run.MarkOf(context.Spec.File, AxisNames.Placement), AxisNames.Placement, s.Placement, problem);
        }
    }

    /// <summary>Why <paramref name="backbone"/> cannot take <paramref name="placement"/>, and what it takes instead; null if it can.</summary>
    public static string? Problem(string backbone, DetectorPlacement placement)
    {
        if (!DetectorRegistry.IsDetector(backbone))
            return $"is a YOLOv5 detector placement (layer indices of its base yaml); allowed on the backbone {backbone}: {string.Join(", ", Placement.All.Select(p => p.Name))}";
        var info = DetectorRegistry.Get(backbone);
        if (info.Family != "yolov5")
            return $"names YOLOv5 layer indices, which {backbone} does not have; allowed on {backbone}: {string.Join(", ", DetectorPlacement.Names)}";
        var outside = placement.Layers!.Where(i => i < 0 || i > YoloV5Model.LastAttendableLayer).ToList();
        if (outside.Count == 0) return null;
        var last = YoloV5Model.LastAttendableLayer;
        return $"{(outside.Count == 1 ? "layer" : "layers")} {string.Join(", ", outside)} {(outside.Count == 1 ? "is" : "are")} not in the YOLOv5 base yaml before Detect; allowed: layer indices 0 to {last} ({last + 1} is Detect)";
    }
}
