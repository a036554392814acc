using static TorchSharp.torch;

namespace Ablation.Experiments.Detectors;

/// <summary>IoU variants of matched box pairs, as YOLOv5's utils/metrics.py bbox_iou computes them.</summary>
public static class BoxIou
{
    /// <summary>
    /// Complete IoU (Zheng et al., "Distance-IoU Loss", AAAI 2020) of matched [n, 4] xywh boxes:
    /// CIoU = IoU - rho^2 / c^2 - alpha v, with rho the centre distance, c the diagonal of the enclosing box,
    /// v = 4 / pi^2 (atan(w2 / h2) - atan(w1 / h1))^2 and alpha = v / (v - IoU + 1 + eps) taken without gradient.
    /// eps = 1e-7 where YOLOv5 puts it (union, c^2, alpha). Returns [n].
    /// </summary>
    public static Tensor Ciou(Tensor box1, Tensor box2, double eps = 1e-7)
    {
        var (x1, y1, w1, h1) = Split(box1);
        var (x2, y2, w2, h2) = Split(box2);
        Tensor b1x1 = x1 - w1 / 2, b1x2 = x1 + w1 / 2, b1y1 = y1 - h1 / 2, b1y2 = y1 + h1 / 2;
        Tensor b2x1 = x2 - w2 / 2, b2x2 = x2 + w2 / 2, b2y1 = y2 - h2 / 2, b2y2 = y2 + h2 / 2;
        var inter = (minimum(b1x2, b2x2) - maximum(b1x1, b2x1)).clamp(min: 0) *
                    (minimum(b1y2, b2y2) - maximum(b1y1, b2y1)).clamp(min: 0);
        var union = w1 * h1 + w2 * h2 - inter + eps;
        var iou = inter / union;
        var cw = maximum(b1x2, b2x2) - minimum(b1x1, b2x1);
        var ch = maximum(b1y2, b2y2) - minimum(b1y1, b2y1);
        var c2 = cw.pow(2) + ch.pow(2) + eps;
        var rho2 = ((b2x1 + b2x2 - b1x1 - b1x2).pow(2) + (b2y1 + b2y2 - b1y1 - b1y2).pow(2)) / 4;
        var v = (atan(w2 / h2) - atan(w1 / h1)).pow(2) * (4 / (Math.PI * Math.PI));
        Tensor alpha;
        using (no_grad()) alpha = v / (v - iou + (1 + eps));
        return iou - (rho2 / c2 + v * alpha);
    }

    private static (Tensor, Tensor, Tensor, Tensor) Split(Tensor b) =>
        (b[TensorIndex.Colon, 0], b[TensorIndex.Colon, 1], b[TensorIndex.Colon, 2], b[TensorIndex.Colon, 3]);

    /// <summary>Pairwise IoU [n, m] of xyxy boxes (torchvision.ops.box_iou).</summary>
    public static Tensor Pairwise(Tensor a, Tensor b)
    {
        var areaA = (a[TensorIndex.Colon, 2] - a[TensorIndex.Colon, 0]) * (a[TensorIndex.Colon, 3] - a[TensorIndex.Colon, 1]);
        var areaB = (b[TensorIndex.Colon, 2] - b[TensorIndex.Colon, 0]) * (b[TensorIndex.Colon, 3] - b[TensorIndex.Colon, 1]);
        var lt = maximum(a[TensorIndex.Colon, TensorIndex.None, TensorIndex.Slice(0, 2)], b[TensorIndex.Colon, TensorIndex.Slice(0, 2)]);
        var rb = minimum(a[TensorIndex.Colon, TensorIndex.None, TensorIndex.Slice(2, 4)], b[TensorIndex.Colon, TensorIndex.Slice(2, 4)]);
        var wh = (rb - lt).clamp(min: 0);
        var inter = wh[TensorIndex.Ellipsis, 0] * wh[TensorIndex.Ellipsis, 1];
        return inter / (areaA[TensorIndex.Colon, TensorIndex.None] + areaB - inter);
    }

    /// <summary>
    /// Pairwise IoU [n, m] of cxcywh boxes, as YOLOX's bboxes_iou(a, b, xyxy=False): intersection over
    /// area_a + area_b - intersection, no epsilon (the boxes it meets have positive area: gts, exp-decoded predictions).
    /// </summary>
    public static Tensor PairwiseCxcywh(Tensor a, Tensor b) => Pairwise(CxcywhToXyxy(a), CxcywhToXyxy(b));

    /// <summary>
    /// IoU [n] of matched cxcywh rows with <paramref name="eps"/> added to the union, as YOLOX's IOUloss
    /// (yolox/models/losses.py, eps 1e-16).
    /// </summary>
    public static Tensor MatchedCxcywh(Tensor pred, Tensor target, double eps = 1e-16)
    {
        var p = CxcywhToXyxy(pred);
        var t = CxcywhToXyxy(target);
        var lt = maximum(p[TensorIndex.Colon, TensorIndex.Slice(0, 2)], t[TensorIndex.Colon, TensorIndex.Slice(0, 2)]);
        var rb = minimum(p[TensorIndex.Colon, TensorIndex.Slice(2, 4)], t[TensorIndex.Colon, TensorIndex.Slice(2, 4)]);
        var wh = (rb - lt).clamp(min: 0);
        var inter = wh[TensorIndex.Colon, 0] * wh[TensorIndex.Colon, 1];
        var union = pred[TensorIndex.Colon, 2] * pred[TensorIndex.Colon, 3] + target[TensorIndex.Colon, 2] * target[TensorIndex.Colon, 3] - inter;
        return inter / (union + eps);
    }

    /// <summary>[n, 4] (cx, cy, w, h) to (x1, y1, x2, y2).</summary>
    public static Tensor CxcywhToXyxy(Tensor b)
    {
        var half = b[TensorIndex.Colon, TensorIndex.Slice(2, 4)] / 2;
        var c = b[TensorIndex.Colon, TensorIndex.Slice(0, 2)];
        return cat(new[] { c - half, c + half }, 1);
    }
}
