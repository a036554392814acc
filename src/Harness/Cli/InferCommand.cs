using System.CommandLine;
using Ablation.Experiments.Backbones;
using Ablation.Harness.Weights;
using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace Ablation.Harness.Cli;

/// <summary>
/// `ablate infer --backbone B --attention A --weights W.safetensors --input X.safetensors --output
/// Y.safetensors`: loads the state dict (strict: every key, right shapes), runs an eval-mode forward pass
/// of the tensor named `input` (N x C x H x W) and writes the result as `output`. This is how a user
/// checks a port against PyTorch, and how the tests do. Without --stem the stem comes from the weights
/// (<see cref="WeightsShape"/>), and a shape mismatch names the option that fixes it.
/// </summary>
public static class InferCommand
{
    public static Command Create()
    {
        var model = new ModelOptions(withInput: false);
        var weights = new Option<string>("--weights") { Description = "state dict, safetensors (PyTorch's names)", Required = true };
        var input = new Option<string>("--input") { Description = "safetensors file with a tensor named `input`, N x C x H x W", Required = true };
        var output = new Option<string>("--output") { Description = "safetensors file to write, with a tensor named `output`", Required = true };
        var command = new Command("infer", "Eval-mode forward pass of a tensor through a model with given weights");
        model.AddTo(command);
        command.Options.Add(weights);
        command.Options.Add(input);
        command.Options.Add(output);
        command.SetAction(p =>
        {
            return Run(model, p, p.GetValue(weights)!, p.GetValue(input)!, p.GetValue(output)!, Console.Error);
        });
        return command;
    }

    internal static int Run(ModelOptions options, ParseResult p, string weightsPath, string inputPath,
        string outputPath, TextWriter stderr)
    {
        Dictionary<string, Tensor>? weights = null, inputs = null;
        try
        {
            options.ApplyThreads(p);
            inputs = Load(inputPath, "--input");
            if (!inputs.TryGetValue("input", out var x))
                throw new ArgumentException($"--input {inputPath}: no tensor named 'input' (it has: {string.Join(", ", inputs.Keys)})");
            if (x.dim() != 4)
                throw new ArgumentException($"--input {inputPath}: 'input' must be N x C x H x W, got [{string.Join(", ", x.shape)}]");
            if (p.GetValue(options.Backbone) is { } name && Ablation.Experiments.Detectors.DetectorRegistry.IsDetector(name))
            {
                weights = Load(weightsPath, "--weights");
                DetectorInfer.Run(options, p, name, weights, weightsPath, x, outputPath);
                return AblateCli.Ok;
            }
            // Without --stem, the weights decide it (a 7x7 conv1 is the ImageNet stem), not the input's size.
            var shape = WeightsShapeOf(weightsPath);
            var spec = options.Bind(p, imageSize: x.size(2), inChannels: x.size(1), stem: shape?.Stem);
            if (x.size(1) != spec.InChannels)
                throw new ArgumentException($"--input {inputPath}: 'input' has {x.size(1)} channels, the model takes {spec.InChannels} (--in-channels)");
            weights = Load(weightsPath, "--weights");
            using var model = ModelFactory.Create(spec);
            try
            {
                StateDicts.Load(model, weights, strict: true);
            }
            catch (ArgumentException e)
            {
                var fix = shape?.FixFor(spec);
                throw new ArgumentException($"--weights {weightsPath}: {e.Message.TrimEnd('.', ' ', '\n')}" + (fix is null ? "" : $"; {fix}"));
            }
            model.eval();
            using var fence = NativeCallFence.Enter();
            using var scope = torch.NewDisposeScope();
            using (torch.inference_mode())
            {
                var y = model.forward(x.to(ScalarType.Float32));
                StateDicts.Write(outputPath, new Dictionary<string, Tensor> { ["output"] = y });
            }
            return AblateCli.Ok;
        }
        catch (ArgumentException e)
        {
            stderr.WriteLine(e.Message);
            return AblateCli.BadInput;
        }
        finally
        {
            foreach (var t in (weights?.Values ?? Enumerable.Empty<Tensor>()).Concat(inputs?.Values ?? Enumerable.Empty<Tensor>())) t.Dispose();
        }
    }

    /// <summary>The shapes the weights' header announces, or null when the file is not there (Load says so).</summary>
    private static WeightsShape? WeightsShapeOf(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            return WeightsShape.Of(SafetensorsHeader.Read(path));
        }
        catch (InvalidDataException e)
        {
            throw new ArgumentException($"--weights {path}: not a readable safetensors file: {e.Message}");
        }
    }

    private static Dictionary<string, Tensor> Load(string path, string argument)
    {
        if (!File.Exists(path)) throw new ArgumentException($"{argument}: file not found: {path}");
        try
        {
            return StateDicts.Read(path);
        }
        catch (Exception e) when (e is not ArgumentException)
        {
            throw new ArgumentException($"{argument} {path}: not a readable safetensors file: {e.Message}");
        }
    }
}
