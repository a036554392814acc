using Ablation.Experiments.Attention;
using Ablation.TorchSupport;
using static TorchSharp.torch;

namespace Ablation.Experiments.Detectors;

/// <summary>
/// Builds and profiles the detector a <see cref="DetectorSpec"/> names, with the registry's attention modules:
/// what `ablate plan`, `profile`, `train` and `infer` call for a detector. Every impossible configuration is an
/// ArgumentException of one line, raised before anything is built.
/// </summary>
public static class DetectorFactory
{
    public static void Validate(DetectorSpec spec)
    {
        var info = DetectorRegistry.Get(spec.Detector);
        var where = $"detector {spec.Detector}";
        var placement = DetectorPlacement.Parse(spec.Placement);
        if (info.Family == "yolox" && placement.Name == DetectorPlacement.After)
            throw new ArgumentException($"{where}: placement {placement} names YOLOv5 layer indices; YOLOX takes {string.Join(", ", DetectorPlacement.Names)}");
        foreach (var i in placement.Layers ?? Array.Empty<int>())
            if (i < 0 || i > YoloV5.YoloV5Model.LastAttendableLayer)
                throw new ArgumentException($"{where}: placement {placement}: layer {i} does not exist; attention can follow layers 0 to {YoloV5.YoloV5Model.LastAttendableLayer} ({YoloV5.YoloV5Model.LastAttendableLayer + 1} is Detect)");
        if (spec.Classes < 1) throw new ArgumentException($"{where}: classes must be at least 1 (got {spec.Classes})");
        if (spec.ImageSize < 32 || spec.ImageSize % 32 != 0)
            throw new ArgumentException($"{where}: img_size must be a positive multiple of 32, the largest stride (got {spec.ImageSize})");
        AttentionRegistry.Validate(spec.Attention);
    }

    /// <summary>The detector in training mode, on <paramref name="device"/> (CPU by default).</summary>
    /// <remarks>Unfenced (<see cref="NativeCallFence"/>): callers seed the global generator just before building, and a
    /// fence's wait for the finalizer thread would let other threads' draws shift the initial weights.</remarks>
    public static IDetector Create(DetectorSpec spec, Device? device = null, ScalarType dtype = ScalarType.Float32)
    {
        Validate(spec);
        Func<long, nn.Module<Tensor, Tensor>?>? attention = spec.Attention.Name == "none"
            ? null
            : c => AttentionRegistry.Create(spec.Attention, c, device);
        return DetectorRegistry.Create(spec.Detector, spec.Classes, DetectorPlacement.Parse(spec.Placement), attention,
            spec.Depth, spec.Width, device, dtype);
    }

    /// <summary>
    /// Params (sum of numel), MACs of one image at spec.ImageSize and the per-op breakdown, counted by
    /// <see cref="MacCounter"/> during an eval-mode forward pass on the meta device; and the printed layer table.
    /// </summary>
    public static (long Params, long Macs, IReadOnlyDictionary<string, OpCost> ByOp, string LayerTable) Profile(DetectorSpec spec)
    {
        using var fence = NativeCallFence.Enter();
        var detector = Create(spec, META);
        using var model = (nn.Module<Tensor, Tensor>)detector;
        model.eval();
        long parameters = model.parameters().Sum(p => p.numel());
        using var scope = NewDisposeScope();
        using var input = zeros(new long[] { 1, 3, spec.ImageSize, spec.ImageSize }, device: META);
        using var counter = MacCounter.Start();
        using (no_grad()) model.forward(input);
        return (parameters, counter.Macs, new Dictionary<string, OpCost>(counter.ByOp), Detectors.LayerTable.Format(detector));
    }
}
