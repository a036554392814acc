using static TorchSharp.torch;

namespace Ablation.Experiments.Detectors;

/// <summary>
/// What the trainer, the loss, NMS and `ablate infer` need from a detector. <c>forward(x)</c> in eval mode gives
/// the decoded [N, anchors, 5 + nc] (xywh in input pixels, sigmoid obj and class scores); in training mode the
/// raw maps of <see cref="forward_heads"/>, each flattened to [N, -1, 5 + nc] and concatenated.
/// </summary>
public interface IDetector
{
    string Name { get; }
    long NumClasses { get; }
    /// <summary>Strides of the output levels (8, 16, 32).</summary>
    IReadOnlyList<double> Strides { get; }
    /// <summary>Raw per-level maps: YOLOv5 [N, na, ny, nx, 5 + nc]; YOLOX [N, 5 + nc, ny, nx] (reg, obj, cls).</summary>
    Tensor[] forward_heads(Tensor x);
    /// <summary>The eval-mode output of raw maps.</summary>
    Tensor decode(Tensor[] heads);
    /// <summary>The layer table (index, from, params, module, args, inserted attention).</summary>
    IReadOnlyList<LayerInfo> Layers { get; }
    /// <summary>Key prefixes of the inserted attention modules (without ".attn").</summary>
    IReadOnlyList<string> AttentionSites { get; }
}

/// <summary>One row of a detector's layer table, as ultralytics' parse_model prints it, plus inserted attention.</summary>
public sealed record LayerInfo(int Index, string From, int Repeats, long Params, string Module, string Args, string Attention);
