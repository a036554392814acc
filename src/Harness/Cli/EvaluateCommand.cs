using System.CommandLine;
using Ablation.Experiments.Data;
using Ablation.Experiments.Training.Detection;

namespace Ablation.Harness.Cli;

/// <summary>
/// `ablate evaluate --annotations GT.json --detections DETS.json [--json]`: COCO bbox mAP of two files, the
/// instances file and a results file as pycocotools' loadRes reads it (Experiments' <see cref="CocoFiles"/>).
/// Prints pycocotools' twelve summary lines and per-class AP, or with --json one object (map, map50, map75,
/// map_small, map_medium, map_large, mar1, mar10, mar100, mar_small, mar_medium, mar_large, per_class).
/// Exit 0, or 2 with one line naming the file and field for bad files.
/// </summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var annotations = new Option<string>("--annotations") { Description = "ground truth: a COCO instances JSON file", Required = true };
        var detections = new Option<string>("--detections") { Description = "detections: a COCO results JSON file (image_id, category_id, bbox, score)", Required = true };
        var json = new Option<bool>("--json") { Description = "print one JSON object instead of the table" };
        var command = new Command("evaluate", "COCO bbox mAP (pycocotools' semantics) of a results file against an instances file")
            { annotations, detections, json };
        command.SetAction(p => Run(p.GetValue(annotations)!, p.GetValue(detections)!, p.GetValue(json), Console.Out, Console.Error));
        return command;
    }

    public static int Run(string annotations, string detections, bool json, TextWriter stdout, TextWriter stderr)
    {
        CocoMetrics metrics;
        try { metrics = CocoFiles.Evaluate(annotations, detections); }
        catch (DataFormatException e)
        {
            stderr.WriteLine(e.Message);
            return AblateCli.BadInput;
        }
        stdout.WriteLine(json ? metrics.ToJson() : metrics.ToText());
        return AblateCli.Ok;
    }
}
