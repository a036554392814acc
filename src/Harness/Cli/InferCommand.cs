using System.CommandLine;
using Ablation.Experiments.Backbones;
using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace Ablation.Harness.Cli;

/// <summary>
/// `ablate infer --backbone B --attention A --weights W.safetensors --input X.safetensors --output
/// Y.safetensors`: loads the state dict (strict: every key, right shapes), runs an eval-mode forward pass
/// of the tensor named `input` (N x C x H x W) and writes the result as `output`. This is how a user
/// checks a port against PyTorch, and how the tests do.
/// </summary>
public static class InferCommand
{
    public static Command Create()
    {
        var model = new ModelOptions(withInput: false);
        var weights = new Option<string>("--weights", "state dict, safetensors (PyTorch's names)") { IsRequired = true };
        var input = new Option<string>("--input", "safetensors file with a tensor named `input`, N x C x H x W") { IsRequired = true };
        var output = new Option<string>("--output", "safetensors file to write, with a tensor named `output`") { IsRequired = true };
        var command = new Command("infer", "Eval-mode forward pass of a tensor through a model with given weights");
        model.AddTo(command);
        command.AddOption(weights);
        command.AddOption(input);
        command.AddOption(output);
        command.SetHandler(ctx =>
        {
            var p = ctx.ParseResult;
            ctx.ExitCode = Run(model, p, p.GetValueForOption(weights)!, p.GetValueForOption(input)!, p.GetValueForOption(output)!, Console.Error);
        });
        return command;
    }

    internal static int Run(ModelOptions options, System.CommandLine.Parsing.ParseResult p, string weightsPath, string inputPath,
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
            var spec = options.Bind(p, imageSize: x.size(2), inChannels: x.size(1));
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
                throw new ArgumentException($"--weights {weightsPath}: {e.Message}");
            }
            model.eval();
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
