using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ablation.Experiments.Backbones;

namespace Ablation.Harness.Cli;

/// <summary>
/// `ablate profile --backbone B --attention A [--placement P] [--input 224] [--classes 1000] [--json]`:
/// parameters and MACs of one image (DESIGN.md section 7), counted on the meta device. A table for
/// people; with --json one object with DESIGN.md section 5's fields (backbone, attention, placement,
/// input, classes, params, macs, macs_by_op) plus attention_options, stages, stem, width and the full
/// per-op breakdown (`ops`: calls, macs, elements).
/// </summary>
public static class ProfileCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var json = new Option<bool>("--json") { Description = "print one JSON object and nothing else" };
        var command = new Command("profile", "Parameters and MACs of a model, on the meta device (no memory, no compute)");
        model.AddTo(command);
        command.Options.Add(json);
        command.SetAction(p =>
        {
            return Run(model, p, p.GetValue(json), Console.Out, Console.Error);
        });
        return command;
    }

    internal static int Run(ModelOptions model, ParseResult p, bool json, TextWriter stdout, TextWriter stderr)
    {
        if (p.GetValue(model.Backbone) is { } name && Ablation.Experiments.Detectors.DetectorRegistry.IsDetector(name))
            return DetectorProfile.Run(model, p, json, stdout, stderr);
        ModelSpec spec;
        try
        {
            spec = model.Bind(p);
            model.ApplyThreads(p);
        }
        catch (ArgumentException e)
        {
            stderr.WriteLine(e.Message);
            return AblateCli.BadInput;
        }
        var (parameters, macs, byOp) = ModelFactory.Profile(spec);
        if (json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["backbone"] = spec.Backbone,
                ["attention"] = spec.Attention.Name,
                ["attention_options"] = spec.Attention.Options,
                ["placement"] = spec.Placement,
                ["stages"] = spec.Stages,
                ["stem"] = spec.ResolvedStem,
                ["width"] = spec.Width,
                ["input"] = spec.ImageSize,
                ["classes"] = spec.Classes,
                ["params"] = parameters,
                ["macs"] = macs,
                ["macs_by_op"] = byOp.Where(o => o.Value.Macs > 0).OrderBy(o => o.Key, StringComparer.Ordinal)
                    .ToDictionary(o => o.Key, o => o.Value.Macs),
                ["ops"] = byOp.OrderBy(o => o.Key, StringComparer.Ordinal).ToDictionary(o => o.Key,
                    o => new Dictionary<string, long> { ["calls"] = o.Value.Calls, ["macs"] = o.Value.Macs, ["elements"] = o.Value.Elements }),
            }));
            return AblateCli.Ok;
        }
        var c = CultureInfo.InvariantCulture;
        stdout.WriteLine($"{spec}, {spec.ImageSize}x{spec.ImageSize}x{spec.InChannels}, {spec.Classes} classes, stem {spec.ResolvedStem}");
        stdout.WriteLine(string.Format(c, "params  {0,16:N0}  ({1:F2} M)", parameters, parameters / 1e6));
        stdout.WriteLine(string.Format(c, "MACs    {0,16:N0}  ({1:F3} G)", macs, macs / 1e9));
        stdout.WriteLine();
        stdout.WriteLine(string.Format(c, "{0,-24} {1,8} {2,16} {3,16}", "op", "calls", "MACs", "elements"));
        foreach (var (op, cost) in byOp.OrderByDescending(o => o.Value.Macs).ThenByDescending(o => o.Value.Elements))
            stdout.WriteLine(string.Format(c, "{0,-24} {1,8:N0} {2,16:N0} {3,16:N0}", op, cost.Calls, cost.Macs, cost.Elements));
        return AblateCli.Ok;
    }
}
