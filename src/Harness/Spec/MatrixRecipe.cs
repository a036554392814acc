using System.Text.Json.Nodes;
using Ablation.Experiments.Training;

namespace Ablation.Harness.Spec;

/// <summary>
/// A matrix's recipe: the classification <see cref="Recipe"/> or, for a matrix of detectors, the
/// <see cref="DetectionRecipe"/> (YOLOv5's train.py), so recipe fields, presets and their checks stay the
/// trainers' own. A matrix is a detection matrix when its preset is a detection preset (yolov5,
/// yolov5-small, yolox, yolox-small) or, without a preset, when its backbone axis names a detector.
/// </summary>
public sealed record MatrixRecipe(Recipe? Classification, DetectionRecipe? Detection)
{
    public bool IsDetection => Detection is not null;

    public static bool IsDetectionPreset(string? preset) => preset is not null && DetectionRecipe.IsPreset(preset);

    public static IEnumerable<string> Presets => Recipe.Presets.Keys.Concat(DetectionRecipe.Presets.Keys);

    public static IEnumerable<string> FieldNames => Recipe.FieldNames.Union(DetectionRecipe.FieldNames);

    /// <param name="onlyYolox">every detector of the matrix is a YOLOX: without a preset it trains with preset
    /// <c>yolox</c>, otherwise (YOLOv5 alone or mixed families, which share one recipe) with <c>yolov5</c>.</param>
    public static MatrixRecipe For(string? preset, bool detectors, bool onlyYolox = false) =>
        IsDetectionPreset(preset) || detectors && (preset is null || !Recipe.Presets.ContainsKey(preset))
            ? new MatrixRecipe(null, preset is not null && DetectionRecipe.IsPreset(preset) ? DetectionRecipe.Preset(preset)
                : onlyYolox ? DetectionRecipe.Preset(DetectionRecipe.DefaultPresetFor("yolox")) : new DetectionRecipe())
            : new MatrixRecipe(preset is not null && Recipe.Presets.TryGetValue(preset, out var r) ? r : new Recipe(), null);

    /// <summary>Whether a matrix trains detectors (its preset, or a detector on the backbone axis), and which recipe.</summary>
    public static MatrixRecipe For(MatrixSpec spec)
    {
        var families = spec.AllValues()
            .Where(v => v.Axis == AxisNames.Backbone && v.Value is string b && Ablation.Experiments.Detectors.DetectorRegistry.IsDetector(b))
            .Select(v => Ablation.Experiments.Detectors.DetectorRegistry.Get((string)v.Value!).Family).Distinct().ToList();
        return For(spec.Preset, families.Count > 0, families.Count == 1 && families[0] == "yolox");
    }

    public MatrixRecipe Set(string field, string text) => IsDetection
        ? this with { Detection = Detection!.Set(field, text) }
        : this with { Classification = Classification!.Set(field, text) };

    public JsonObject ToJsonObject() => IsDetection ? Detection!.ToJsonObject() : Classification!.ToJsonObject();

    /// <summary>A fresh recipe of the same kind (for comparing a field's parsed values).</summary>
    public MatrixRecipe Empty() => IsDetection ? new MatrixRecipe(null, new DetectionRecipe()) : new MatrixRecipe(new Recipe(), null);
}
