using Ablation.Experiments.Attention;

namespace Ablation.Experiments.Detectors;

/// <summary>
/// What names one detector configuration: the detector (DESIGN.md section 4), the attention module with its
/// options, the placement (<see cref="DetectorPlacement"/> syntax), classes and the square input side
/// (img_size; a multiple of 32, the largest stride). Depth and width override the model's multiples.
/// </summary>
public sealed record DetectorSpec(string Detector, AttentionSpec Attention, string Placement = DetectorPlacement.BackboneEnd,
    long Classes = 80, long ImageSize = 640, double? Depth = null, double? Width = null)
{
    /// <summary>The same spec with its placement in canonical text (<c>after:6,4</c> becomes <c>after:[4,6]</c>); throws as Parse does.</summary>
    public DetectorSpec Canonical() => this with { Placement = DetectorPlacement.Parse(Placement).ToString() };

    public override string ToString() => Attention.Name == "none" ? Detector : $"{Detector} + {Attention.Name} @ {Placement}";
}
