using Ablation.Experiments.Attention;
using Ablation.Experiments.Detectors;
using Ablation.TorchSupport;
using System.CommandLine;
using static TorchSharp.torch;

namespace Ablation.Harness.Cli;

/// <summary>
/// `ablate infer` on a detector: the head's eval-mode output [N, anchors, 5 + nc] (xywh in input pixels, sigmoid
/// obj and class scores; YOLOv5: levels P3, P4, P5, each (anchor, y, x); YOLOX the same without anchors) for
/// the weights' state dict (ultralytics' or YOLOX's keys). Classes come from --classes or from the head's
/// weights; the img_size is the input's (a multiple of 32).
/// </summary>
internal static class DetectorInfer
{
    public static void Run(ModelOptions options, ParseResult p, string name, Dictionary<string, Tensor> weights, string weightsPath,
        Tensor x, string outputPath)
    {
        if (x.size(1) != 3) throw new ArgumentException($"--input: detectors take 3-channel images, got {x.size(1)} channels");
        if (x.size(2) != x.size(3)) throw new ArgumentException($"--input: detectors take square images here, got {x.size(2)} x {x.size(3)}");
        long classes = p.GetValue(options.Classes) ?? ClassesOf(name, weights, weightsPath);
        var placement = p.GetResult(options.Placement) is { Implicit: false } ? p.GetValue(options.Placement)! : DetectorPlacement.BackboneEnd;
        var spec = new DetectorSpec(name, new AttentionSpec(p.GetValue(options.Attention)!,
            ModelOptions.ParseAttentionOptions(p.GetValue(options.AttentionOpt) ?? [])), placement, classes, x.size(2));
        using var model = (nn.Module<Tensor, Tensor>)DetectorFactory.Create(spec);
        try
        {
            StateDicts.Load(model, weights, strict: true);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"--weights {weightsPath}: {e.Message.TrimEnd('.', ' ', '\n')} (for {spec})");
        }
        model.eval();
        using var fence = NativeCallFence.Enter();
        using var scope = NewDisposeScope();
        using (inference_mode())
            StateDicts.Write(outputPath, new Dictionary<string, Tensor> { ["output"] = model.forward(x.to(ScalarType.Float32)) });
    }

    /// <summary>nc from the head: YOLOv5's model.24.m.0.weight has 3 (5 + nc) rows, YOLOX's head.cls_preds.0.weight nc.</summary>
    private static long ClassesOf(string name, Dictionary<string, Tensor> weights, string path)
    {
        if (weights.TryGetValue("model.24.m.0.weight", out var v5) && v5.size(0) % 3 == 0 && v5.size(0) / 3 > 5) return v5.size(0) / 3 - 5;
        if (weights.TryGetValue("head.cls_preds.0.weight", out var x)) return x.size(0);
        throw new ArgumentException($"--weights {path}: no {name} head (model.24.m.0.weight or head.cls_preds.0.weight) to read the class count from; give --classes");
    }
}
