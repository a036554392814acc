using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ablation.Experiments.Attention;
using Ablation.Experiments.Detectors;

namespace Ablation.Harness.Cli;

/// <summary>
/// `ablate profile --backbone yolov5n|yolov5s|yolov5m|yolox-s [--attention A --placement P] [--input 640]
/// [--classes 80] [--json]`: params, MACs of one image at the input size (default 640, 80 classes) and the
/// layer table with the inserted modules (DESIGN.md section 4's detector placements, or after:[i, ...]).
/// With --json the fields of a backbone profile plus `layers` (the table's rows).
/// </summary>
internal static class DetectorProfile
{
    public static int Run(ModelOptions model, ParseResult p, bool json, TextWriter stdout, TextWriter stderr)
    {
        DetectorSpec spec;
        (long Params, long Macs, IReadOnlyDictionary<string, Ablation.TorchSupport.OpCost> ByOp, string Table) r;
        try
        {
            if (p.GetValue(model.Width) != 1.0)
                throw new ArgumentException("--width: a detector's width multiple comes with its name (yolov5n 0.25, yolov5s 0.50, yolov5m 0.75, yolox-s 0.50)");
            if (p.GetValue(model.Stages) != null)
                throw new ArgumentException("--stages: detectors take placements by name (block, stage, backbone-end, neck-in, head-in) or after:[i, ...]");
            var placement = p.GetResult(model.Placement) is { Implicit: false } ? p.GetValue(model.Placement)! : DetectorPlacement.BackboneEnd;
            spec = new DetectorSpec(p.GetValue(model.Backbone)!,
                new AttentionSpec(p.GetValue(model.Attention)!, ModelOptions.ParseAttentionOptions(p.GetValue(model.AttentionOpt) ?? [])),
                placement, p.GetValue(model.Classes) ?? 80, (model.Input is null ? null : p.GetValue(model.Input)) ?? 640);
            DetectorFactory.Validate(spec);
            spec = spec.Canonical();
            model.ApplyThreads(p);
            r = DetectorFactory.Profile(spec);
        }
        catch (ArgumentException e)
        {
            stderr.WriteLine(e.Message);
            return AblateCli.BadInput;
        }
        var detector = DetectorFactory.Create(spec, TorchSharp.torch.META);
        if (json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["backbone"] = spec.Detector,
                ["attention"] = spec.Attention.Name,
                ["attention_options"] = spec.Attention.Options,
                ["placement"] = spec.Placement,
                ["input"] = spec.ImageSize,
                ["classes"] = spec.Classes,
                ["params"] = r.Params,
                ["macs"] = r.Macs,
                ["macs_by_op"] = r.ByOp.Where(o => o.Value.Macs > 0).OrderBy(o => o.Key, StringComparer.Ordinal).ToDictionary(o => o.Key, o => o.Value.Macs),
                ["ops"] = r.ByOp.OrderBy(o => o.Key, StringComparer.Ordinal).ToDictionary(o => o.Key,
                    o => new Dictionary<string, long> { ["calls"] = o.Value.Calls, ["macs"] = o.Value.Macs, ["elements"] = o.Value.Elements }),
                ["layers"] = detector.Layers.Select(l => new Dictionary<string, object>
                {
                    ["index"] = l.Index, ["from"] = l.From, ["n"] = l.Repeats, ["params"] = l.Params, ["module"] = l.Module,
                    ["args"] = l.Args, ["attention"] = l.Attention,
                }).ToList(),
            }));
            return AblateCli.Ok;
        }
        var c = CultureInfo.InvariantCulture;
        stdout.WriteLine($"{spec}, {spec.ImageSize}x{spec.ImageSize}x3, {spec.Classes} classes");
        stdout.WriteLine(string.Format(c, "params  {0,16:N0}  ({1:F2} M)", r.Params, r.Params / 1e6));
        stdout.WriteLine(string.Format(c, "MACs    {0,16:N0}  ({1:F3} G; {2:F2} GFLOPs as 2 x MACs)", r.Macs, r.Macs / 1e9, 2 * r.Macs / 1e9));
        stdout.WriteLine();
        stdout.WriteLine(r.Table);
        return AblateCli.Ok;
    }
}
