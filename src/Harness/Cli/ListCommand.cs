using System.CommandLine;
using Ablation.Experiments.Attention;
using Ablation.Experiments.Backbones;
using Ablation.Experiments.Data;
using Ablation.Experiments.Detectors;

namespace Ablation.Harness.Cli;

/// <summary>`ablate list backbones|attention|placements|datasets`: the names DESIGN.md section 4 defines,
/// with what they are, their options and defaults, and the paper each comes from.</summary>
public static class ListCommand
{
    private static readonly string[] Kinds = { "backbones", "attention", "placements", "datasets" };

    public static Command Create()
    {
        var what = new Argument<string>("what") { Description = "backbones, attention, placements or datasets" };
        var command = new Command("list", "The backbones, attention modules, placements or datasets, with options and papers") { what };
        command.SetAction(p => { return Run(p.GetValue(what), Console.Out, Console.Error); });
        return command;
    }

    internal static int Run(string what, TextWriter stdout, TextWriter stderr)
    {
        switch (what)
        {
            case "backbones":
                foreach (var b in BackboneRegistry.All)
                {
                    stdout.WriteLine($"{b.Name,-18} {b.Description}");
                    stdout.WriteLine($"{"",-18} stages 1-{b.StageCount}; options: stem (imagenet|cifar), classes, in_channels" +
                        (b.HasWidth ? ", width (1.0)" : ""));
                    stdout.WriteLine($"{"",-18} {b.Paper}");
                }
                return AblateCli.Ok;
            case "attention":
                foreach (var a in AttentionRegistry.All)
                {
                    stdout.WriteLine($"{a.Name,-14} {a.Summary}");
                    stdout.WriteLine($"{"",-14} {a.Paper}; reference code: {a.Reference}");
                    foreach (var o in a.Options)
                        stdout.WriteLine($"{"",-14}   {o.Name} = {o.Default}  ({o.Allowed}) {o.Description}");
                }
                return AblateCli.Ok;
            case "placements":
                foreach (var p in Placement.All)
                    stdout.WriteLine($"{p.Name,-8} {p.Where}; keys {p.Keys}.*; {p.UsedBy}");
                stdout.WriteLine("option stages: [2,3,4] restricts a placement to those stages (`ablate list backbones` gives each backbone's stages)");
                stdout.WriteLine();
                stdout.WriteLine($"detectors ({string.Join(", ", DetectorRegistry.Names)}); attention sits in-line on a map, base layers keep their indices:");
                foreach (var p in DetectorPlacement.All)
                    stdout.WriteLine($"{p.Name,-17} {p.Where}; YOLOv5: {p.YoloV5}; YOLOX: {p.Yolox}");
                return AblateCli.Ok;
            case "datasets":
                foreach (var d in DatasetCatalog.All)
                    stdout.WriteLine($"{d.Name,-14} {d.Description}" + (d.DefaultRoot is null ? "" : $"; default root {d.DefaultRoot}") +
                        (d.Options.Count == 0 ? "" : $"; options: {string.Join(", ", d.Options)}"));
                return AblateCli.Ok;
            default:
                stderr.WriteLine($"list: unknown '{what}'; allowed: {string.Join(", ", Kinds)}");
                return AblateCli.BadInput;
        }
    }
}
