using Ablation.Experiments.Detectors;
using Ablation.Experiments.Detectors.YoloV5;
using Xunit;
using static TorchSharp.torch;

namespace Ablation.Experiments.Tests.Detectors;

/// <summary>
/// One reference case against the C# detector given the same weights: the eval output and its input gradient,
/// the train-mode raw maps, YOLOv5's target assignment, loss and components, the gradients of the loss (YOLOX:
/// of sum(raw * grad_raw)) for the input and every parameter the file holds, and the buffers after the train
/// pass. Everything in float64, within 1e-5 of each tensor's scale.
/// </summary>
internal static class DetectorNumerics
{
    public sealed record Case(string Model, long Classes, double? Width, string? Placement = null, double? Depth = null);

    public static void Check(string file, Case c, Func<long, nn.Module<Tensor, Tensor>?>? attention = null)
    {
        using var scope = NewDisposeScope();
        var f = DetectorReference.Load(file);
        var detector = DetectorRegistry.Create(c.Model, c.Classes, c.Placement is null ? null : DetectorPlacement.Parse(c.Placement),
            attention, c.Depth, c.Width, dtype: ScalarType.Float64);
        using var model = (nn.Module<Tensor, Tensor>)detector;
        DetectorReference.LoadWeights(model, f);
        Assert.Equal(f["param_count"].item<long>(), model.parameters().Sum(p => p.numel()));
        var initial = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());

        model.eval();
        var x = f["input"].clone().requires_grad_(true);
        var y = model.forward(x);
        DetectorReference.Close(f["eval.output"], y, "eval.output");
        (y * f["grad_output"]).sum().backward();
        DetectorReference.Close(f["eval.grad.input"], x.grad!, "eval.grad.input");

        using (no_grad()) foreach (var (k, t) in model.state_dict()) t.copy_(initial[k]);
        model.zero_grad();
        model.train();
        var x2 = f["input"].clone().requires_grad_(true);
        var heads = detector.forward_heads(x2);
        for (int i = 0; i < heads.Length; i++) DetectorReference.Close(f[$"train.raw.{i}"], heads[i], $"train.raw.{i}");
        if (detector is YoloV5Model v5)
        {
            long img = f["input"].shape[2];
            var hyp = new YoloV5Hyp().ScaledFor(c.Classes, img);
            DetectorReference.Close(f["train.hyp"], tensor(new[] { hyp.Box, hyp.Obj, hyp.Cls, hyp.AnchorT }), "hyp");
            var targets = f["targets"];
            var assigned = YoloV5Targets.Build(heads, targets, v5.detect.anchors, hyp.AnchorT);
            for (int i = 0; i < heads.Length; i++)
            {
                var a = assigned[i];
                foreach (var (name, t) in new[] { ("b", a.Image), ("a", a.Anchor), ("gj", a.GridY), ("gi", a.GridX), ("tcls", a.Class) })
                    Assert.Equal(f[$"targets.{i}.{name}"].data<long>().ToArray(), t.data<long>().ToArray());
                DetectorReference.Close(f[$"targets.{i}.tbox"], a.Box, $"targets.{i}.tbox");
                DetectorReference.Close(f[$"targets.{i}.anch"], a.Anchors, $"targets.{i}.anch");
            }
            var (loss, items) = new YoloV5Loss(v5.detect, hyp).Compute(heads, targets);
            DetectorReference.Close(f["train.loss"], loss, "train.loss");
            DetectorReference.Close(f["train.loss_items"], items, "train.loss_items");
            loss.backward();
        }
        else
        {
            var total = zeros(1, ScalarType.Float64);
            for (int i = 0; i < heads.Length; i++) total = total + (heads[i] * f[$"train.grad_raw.{i}"]).sum();
            total.backward();
        }
        DetectorReference.Close(f["train.grad.input"], x2.grad!, "train.grad.input");
        int grads = 0;
        foreach (var (name, p) in model.named_parameters())
        {
            if (!f.TryGetValue("train.grad." + name, out var g)) continue;
            DetectorReference.Close(g, p.grad ?? zeros_like(p), "train.grad." + name);
            grads++;
        }
        Assert.True(grads >= 10, $"only {grads} parameter gradients compared");
        foreach (var (name, b) in model.named_buffers())
            if (f.TryGetValue("train.state." + name, out var s)) DetectorReference.Close(s, b, "train.state." + name);
    }
}
