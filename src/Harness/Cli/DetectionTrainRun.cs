using System.CommandLine;
using System.Text.Json.Nodes;
using Ablation.Experiments.Attention;
using Ablation.Experiments.Data;
using Ablation.Experiments.Detectors;
using Ablation.Experiments.Training;

namespace Ablation.Harness.Cli;

/// <summary>
/// `ablate train` when --backbone names a detector (yolov5n|s|m, yolox-s): the detection recipe (by default the
/// family's preset, <c>yolov5</c> or <c>yolox</c>; or a named one such as <c>yolov5-small</c> or <c>yolox-small</c>;
/// every field overridable by its option: --img-size, --close-mosaic, --lr0, ...),
/// a detection data set (yolo, shapes), the placement (default backbone-end), and <see cref="DetectionTrainer"/>.
/// Its --json object holds map, map50, map75 (COCO, val split), params, macs (one image at img_size),
/// train_img_s, infer_img_s, peak_mem_bytes and wall_s.
/// </summary>
public static class DetectionTrainRun
{
    /// <summary>Recipe fields only detectors have (options the train command adds for them).</summary>
    public static IEnumerable<string> ExtraFields => DetectionRecipe.FieldNames.Except(Recipe.FieldNames);

    /// <param name="detector">the --backbone, whose family gives the preset when none is named.</param>
    public static DetectionRecipe BuildRecipe(string? preset, string detector, IEnumerable<(string Field, string Value)> given)
    {
        var recipe = DetectionRecipe.Preset(preset ?? DetectionRecipe.DefaultPresetFor(DetectorRegistry.Get(detector).Family));
        foreach (var (field, value) in given)
        {
            if (!DetectionRecipe.FieldNames.Contains(field))
                throw new ArgumentException($"--{field.Replace('_', '-')}: is a classification recipe field; a detector's recipe takes {string.Join(", ", DetectionRecipe.FieldNames)}");
            recipe = recipe.Set(field, value);
        }
        return recipe;
    }

    public static DetectorSpec BuildSpec(ModelOptions model, ParseResult p, long classes, long imgSize)
    {
        var placementGiven = p.GetResult(model.Placement) is { Implicit: false };
        var spec = new DetectorSpec(p.GetValue(model.Backbone)!.Trim().ToLowerInvariant(),
            new AttentionSpec(p.GetValue(model.Attention)!, ModelOptions.ParseAttentionOptions(p.GetValue(model.AttentionOpt) ?? [])),
            placementGiven ? p.GetValue(model.Placement)! : DetectorPlacement.BackboneEnd, classes, imgSize);
        DetectorFactory.Validate(spec);
        return spec.Canonical();
    }

    public static JsonObject Summary(DetectorSpec spec, string dataset, RunResult r) => new()
    {
        ["task"] = "detection",
        ["backbone"] = spec.Detector,
        ["attention"] = spec.Attention.Name,
        ["placement"] = spec.Placement,
        ["dataset"] = dataset,
        ["img_size"] = spec.ImageSize,
        ["status"] = r.Status.ToString().ToLowerInvariant(),
        ["error"] = r.Error,
        ["map"] = r.Map,
        ["map50"] = r.Map50,
        ["map75"] = r.Map75,
        ["per_class"] = r.Coco is null ? null : JsonNode.Parse(r.Coco.ToJson())!["per_class"]!.DeepClone(),
        ["epochs"] = r.EpochsDone,
        ["train_img_s"] = r.TrainImagesPerSecond,
        ["infer_img_s"] = r.InferImagesPerSecond,
        ["peak_mem_bytes"] = r.PeakMemoryBytes,
        ["params"] = r.Params,
        ["macs"] = r.Macs,
        ["wall_s"] = r.WallSeconds,
    };
}
