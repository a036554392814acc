using System.CommandLine;
using System.Text.Json.Nodes;
using Ablation.Experiments.Backbones;
using Ablation.Experiments.Training;
using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace Ablation.Harness.Cli;

/// <summary>
/// `ablate bench`: the time of a training step and of an inference batch of one model on synthetic input,
/// as timm's benchmark.py measures them: a fixed batch (never shrunk: a batch that does not fit is an
/// error), warm-up steps, then timed steps. A training step is forward, cross entropy, backward and an SGD
/// step (momentum 0.9, the recipe default); inference is a forward pass in eval and inference mode.
/// bench/peers/train_step_torch.py times the same steps in PyTorch eager on the same libtorch.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var model = new ModelOptions(withInput: true, defaultInput: 224, defaultClasses: 1000);
        var batch = new Option<int>("--batch") { Description = "batch size (fixed: never reduced)", DefaultValueFactory = _ => 32 };
        var steps = new Option<int>("--steps") { Description = "timed steps", DefaultValueFactory = _ => 20 };
        var warmup = new Option<int>("--warmup") { Description = "untimed warm-up steps", DefaultValueFactory = _ => 5 };
        var device = new Option<string>("--device") { Description = "cpu, cuda or cuda:N", DefaultValueFactory = _ => "cpu" };
        var seed = new Option<long>("--seed") { Description = "seed of the weights and the synthetic input", DefaultValueFactory = _ => 0 };
        var mode = new Option<string>("--mode") { Description = "train, infer or both", DefaultValueFactory = _ => "both" };
        var json = new Option<bool>("--json") { Description = "print one JSON object on stdout and nothing else" };
        var command = new Command("bench", "time a training step and an inference batch on synthetic input");
        model.AddTo(command);
        foreach (var o in new Option[] { batch, steps, warmup, device, seed, mode, json }) command.Options.Add(o);

        command.SetAction(p =>
        {
            return CommandErrors.Guard(() =>
            {
                int b = Positive(p.GetValue(batch), "--batch");
                int n = Positive(p.GetValue(steps), "--steps"), w = Math.Max(0, p.GetValue(warmup));
                var m = p.GetValue(mode)!;
                if (m is not ("train" or "infer" or "both")) throw new ArgumentException($"--mode '{m}': allowed: train, infer, both");
                var spec = model.Bind(p);
                model.ApplyThreads(p);
                int t = torch.get_num_threads(), size = (int)spec.ImageSize;
                var result = Run(spec, b, n, w, TorchRuntime.ParseDevice(p.GetValue(device)!), (ulong)p.GetValue(seed), m);
                result["threads"] = t;
                if (p.GetValue(json)) Console.WriteLine(result.ToJsonString());
                else
                {
                    Console.WriteLine($"{spec}, batch {b} at {size}x{size}, {t} threads, {n} steps after {w} warm-up");
                    if (m != "infer")
                        Console.WriteLine($"train: {result["train_ms_per_step"]!.GetValue<double>():F1} ms/step, {result["train_img_s"]!.GetValue<double>():F1} img/s");
                    if (m != "train")
                        Console.WriteLine($"infer: {result["infer_ms_per_batch"]!.GetValue<double>():F1} ms/batch, {result["infer_img_s"]!.GetValue<double>():F1} img/s");
                    Console.WriteLine($"{result["params"]!.GetValue<long>():N0} params, {result["macs"]!.GetValue<long>() / 1e6:F1} MMACs per image, peak memory {result["peak_mem_bytes"]!.GetValue<long>() / 1048576.0:F0} MiB");
                }
                return AblateCli.Ok;
            });
        });
        return command;
    }

    private static int Positive(int value, string option) =>
        value >= 1 ? value : throw new ArgumentException($"{option} {value}: must be at least 1");

    /// <summary>Times <paramref name="steps"/> training steps and inference batches after <paramref name="warmup"/> of each.</summary>
    public static JsonObject Run(ModelSpec spec, int batch, int steps, int warmup, Device device, ulong seed, string mode = "both")
    {
        var (parameters, macs, _) = ModelFactory.Profile(spec);
        torch.manual_seed((long)seed);
        using var net = ModelFactory.Create(spec, device);
        using var optimizer = TrainingOptimizer.Create(net, new Recipe { Optimizer = "sgd", Lr = 0.01, Momentum = 0.9, Nesterov = false, WeightDecay = 1e-4 });
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(new[] { batch, spec.InChannels, spec.ImageSize, spec.ImageSize }, device: device);
        var y = torch.randint(0, spec.Classes, new long[] { batch }, device: device);
        MemoryMeter.ResetPeak(device);
        var result = new JsonObject
        {
            ["backbone"] = spec.Backbone,
            ["attention"] = spec.Attention.Name,
            ["placement"] = spec.Placement,
            ["batch"] = batch,
            ["input"] = spec.ImageSize,
            ["in_channels"] = spec.InChannels,
            ["classes"] = spec.Classes,
            ["stem"] = spec.ResolvedStem,
            ["device"] = TorchRuntime.Name(device),
            ["steps"] = steps,
            ["warmup"] = warmup,
            ["params"] = parameters,
            ["macs"] = macs,
        };
        try
        {
            if (mode != "infer")
            {
                net.train();
                void TrainStep()
                {
                    using var fence = NativeCallFence.Enter(); // as the trainers step
                    using var s = torch.NewDisposeScope();
                    var loss = nn.functional.cross_entropy(net.forward(x), y);
                    optimizer.ZeroGrad();
                    loss.backward();
                    optimizer.Step();
                    loss.item<float>(); // wait for the step (CUDA runs asynchronously)
                }
                double ms = Time(TrainStep, steps, warmup);
                result["train_ms_per_step"] = ms;
                result["train_img_s"] = batch * 1000.0 / ms;
            }
            if (mode != "train")
            {
                net.eval();
                void InferStep()
                {
                    using var fence = NativeCallFence.Enter();
                    using var s = torch.NewDisposeScope();
                    using var _ = torch.inference_mode();
                    net.forward(x).sum().item<float>();
                }
                double ms = Time(InferStep, steps, warmup);
                result["infer_ms_per_batch"] = ms;
                result["infer_img_s"] = batch * 1000.0 / ms;
            }
        }
        catch (Exception e) when (e is not ArgumentException && e.Message.Contains("memory", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"--batch {batch}: does not fit in memory on {device} ({e.Message.Split('\n')[0]}); the batch is never reduced, choose a smaller one");
        }
        var peak = MemoryMeter.Peak(device);
        result["peak_mem_bytes"] = peak.Bytes;
        result["peak_mem_source"] = peak.Source;
        return result;
    }

    /// <summary>Mean milliseconds per call over <paramref name="steps"/> calls after <paramref name="warmup"/> untimed ones (timm's benchmark.py reports the mean).</summary>
    private static double Time(Action step, int steps, int warmup) => StepTimer.Milliseconds(step, steps, warmup).Average();
}
