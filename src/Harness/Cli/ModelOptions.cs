using System.CommandLine;
using Ablation.Experiments.Attention;
using Ablation.Experiments.Backbones;
using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace Ablation.Harness.Cli;

/// <summary>
/// The model options `train`, `profile`, `bench` and `infer` share (DESIGN.md section 5): --backbone,
/// --attention, --placement, --stages, --stem, --classes, --in-channels, --width, --attention-opt k=v,
/// --input (image side; `infer` takes its input from a file instead) and --threads. Add them to a command
/// with <see cref="AddTo"/>, read them back as a validated <see cref="ModelSpec"/> with <see cref="Bind"/>.
/// </summary>
public sealed class ModelOptions
{
    public Option<string> Backbone { get; } = new("--backbone") { Description = "backbone: " + string.Join(", ", BackboneRegistry.Names) + "; detectors: " + string.Join(", ", Ablation.Experiments.Detectors.DetectorRegistry.Names), Required = true };
    public Option<string> Attention { get; } = new("--attention") { Description = "attention module (`ablate list attention`)", DefaultValueFactory = _ => "none" };
    public Option<string> Placement { get; } = new("--placement")
    {
        Description = "where attention goes: " + string.Join(", ", Ablation.Experiments.Backbones.Placement.All.Select(p => p.Name)),
        DefaultValueFactory = _ => Ablation.Experiments.Backbones.Placement.Block,
    };
    public Option<string?> Stages { get; } = new("--stages") { Description = "restrict the placement to these stages, comma separated (e.g. 2,3,4)" };
    public Option<string?> Stem { get; }
    public Option<long?> Classes { get; }
    public Option<long?> InChannels { get; } = new("--in-channels") { Description = "input channels (default: 3, or the dataset's)" };
    public Option<double> Width { get; } = new("--width") { Description = "width multiplier (mobilenetv2)", DefaultValueFactory = _ => 1.0 };
    public Option<string[]> AttentionOpt { get; } = new("--attention-opt") { Description = "attention option key=value, repeatable (e.g. reduction=8)",
        AllowMultipleArgumentsPerToken = true };
    public Option<long?>? Input { get; }
    public Option<int?> Threads { get; } = ThreadsOption();

    /// <param name="withInput">false for commands whose --input is a file (infer).</param>
    /// <param name="defaultInput">image side when --input is not given.</param>
    /// <param name="defaultClasses">classes when --classes is not given.</param>
    private readonly long defaultInput, defaultClasses;

    public ModelOptions(bool withInput = true, long defaultInput = 224, long defaultClasses = 1000)
    {
        this.defaultInput = defaultInput;
        this.defaultClasses = defaultClasses;
        Stem = new Option<string?>("--stem")
        {
            Description = withInput ? "imagenet or cifar (default: imagenet above 64 pixels, cifar otherwise)"
                                    : "imagenet or cifar (default: from the weights, a 7x7 conv1 is imagenet; else from the input size)",
        };
        Classes = new Option<long?>("--classes") { Description = $"classifier outputs (default: {defaultClasses}, or the dataset's)" };
        if (withInput) Input = new Option<long?>("--input") { Description = $"input image side in pixels (default: {defaultInput}, or the dataset's)" };
    }

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Backbone, Attention, Placement, Stages, Stem, Classes, InChannels, Width, AttentionOpt, Threads })
            command.Options.Add(o);
        if (Input != null) command.Options.Add(Input);
    }

    /// <summary>
    /// Parses `--attention-opt` values: key=value pairs, several per value separated by commas. A comma
    /// segment without '=' continues the previous value, so list options read naturally:
    /// `pool=avg,max,reduction=8` gives pool "avg,max" and reduction "8".
    /// </summary>
    internal static Dictionary<string, string> ParseAttentionOptions(IEnumerable<string> values)
    {
        var options = new Dictionary<string, string>();
        string? last = null;
        foreach (var item in values.SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var eq = item.IndexOf('=');
            if (eq < 0 && last != null)
            {
                options[last] += "," + item;
                continue;
            }
            if (eq <= 0 || eq == item.Length - 1)
                throw new ArgumentException($"--attention-opt: '{item}' is not key=value (e.g. --attention-opt reduction=8)");
            last = item[..eq].Trim();
            options[last] = item[(eq + 1)..].Trim();
        }
        return options;
    }

    /// <summary>
    /// The validated spec. What the user gave wins; otherwise <paramref name="imageSize"/>,
    /// <paramref name="classes"/> and <paramref name="inChannels"/> (a dataset's, or infer's tensor), then the
    /// defaults. Throws ArgumentException with one line naming the argument and what is allowed.
    /// </summary>
    /// <param name="stem">the stem when --stem is not given (infer: from the weights); null: from the image size.</param>
    public ModelSpec Bind(ParseResult p, long? imageSize = null, long? classes = null, long? inChannels = null, string? stem = null)
    {
        var options = ParseAttentionOptions(p.GetValue(AttentionOpt) ?? []);
        int[]? stages = null;
        if (p.GetValue(Stages) is { } text)
        {
            var parts = text.Trim('[', ']', ' ').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            stages = parts.Select(s => int.TryParse(s, out var v) ? v
                : throw new ArgumentException($"--stages: '{s}' is not a stage number; give numbers separated by commas, e.g. 2,3,4")).ToArray();
        }
        var spec = new ModelSpec(
            p.GetValue(Backbone)!,
            new AttentionSpec(p.GetValue(Attention)!, options),
            p.GetValue(Placement)!,
            stages,
            p.GetValue(Classes) ?? classes ?? defaultClasses,
            p.GetValue(InChannels) ?? inChannels ?? 3,
            (Input is null ? null : p.GetValue(Input)) ?? imageSize ?? defaultInput,
            p.GetValue(Stem) ?? stem,
            p.GetValue(Width));
        ModelFactory.Validate(spec);
        return spec;
    }

    /// <summary>Sets libtorch's CPU threads from --threads (default: all cores).</summary>
    public void ApplyThreads(ParseResult p) => ApplyThreads(p.GetValue(Threads));

    /// <summary>--threads as every model-building command takes it (DESIGN.md section 5): libtorch's CPU threads, default all cores.</summary>
    public static Option<int?> ThreadsOption() => new("--threads") { Description = "CPU threads for libtorch (default: all cores)" };

    /// <summary>Sets libtorch's CPU threads to <paramref name="threads"/>, or all cores when null.</summary>
    public static void ApplyThreads(int? threads)
    {
        var n = threads ?? Environment.ProcessorCount;
        if (n < 1) throw new ArgumentException($"--threads: must be at least 1 (got {n})");
        TorchRuntime.ConfigureThreads(n);
    }
}
