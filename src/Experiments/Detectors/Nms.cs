using static TorchSharp.torch;

namespace Ablation.Experiments.Detectors;

/// <summary>Settings of <see cref="Nms.NonMaxSuppression"/>; the defaults are YOLOv5 val.py's.</summary>
public sealed record NmsOptions
{
    /// <summary>Candidates need obj &gt; conf, and obj * cls &gt; conf.</summary>
    public double ConfThreshold { get; init; } = 0.001;
    /// <summary>A box is suppressed by a higher-scoring box of its class with IoU &gt; this.</summary>
    public double IouThreshold { get; init; } = 0.6;
    public int MaxDet { get; init; } = 300;
    /// <summary>val.py: every class above the threshold makes its own detection (true), or only the best (false).</summary>
    public bool MultiLabel { get; init; } = true;
    /// <summary>Class-aware NMS by offsetting each class's boxes by class * MaxWh pixels, as YOLOv5 does.</summary>
    public double MaxWh { get; init; } = 7680;
    /// <summary>At most this many candidates (highest scores) enter NMS.</summary>
    public int MaxNms { get; init; } = 30000;
}

/// <summary>
/// YOLOv5's non_max_suppression (utils/general.py) on a detector's eval output [N, A, 5 + nc] (xywh pixels,
/// sigmoid obj and classes): per image the candidates above the confidence threshold, conf = obj * cls, boxes to
/// xyxy, then greedy class-aware NMS (torchvision.ops.nms semantics: in descending score order, a box is kept
/// unless a kept box overlaps it with IoU &gt; threshold), at most MaxDet. TorchVision 0.107 for .NET has no nms
/// op, so the greedy pass runs here: one vectorised IoU row per kept box, never more than MaxDet rows.
/// <para>Memory: each image's intermediates (scores alone are [A, nc], 8 MB at 640 px and 80 classes) and each
/// greedy step's are freed as soon as they are done with, not at the end of the caller's batch: held to the batch's
/// end (up to 300 greedy steps per image, 32 images), the first evaluation of a 128 px yolov5n run added about
/// 600 MiB of resident memory; freed as they go, a 4-epoch run's peak fell from 1,160 to 708 MiB.</para>
/// </summary>
public static class Nms
{
    /// <summary>Per image a [n, 6] tensor (x1, y1, x2, y2, conf, class), highest conf first.</summary>
    public static Tensor[] NonMaxSuppression(Tensor prediction, NmsOptions? options = null)
    {
        var o = options ?? new NmsOptions();
        long nc = prediction.shape[2] - 5;
        bool multi = o.MultiLabel && nc > 1;
        var output = new Tensor[prediction.shape[0]];
        for (int img = 0; img < output.Length; img++)
        {
            using var imageScope = NewDisposeScope();
            output[img] = imageScope.MoveToOuter(ImageDetections(prediction[img], o, multi));
        }
        return output;
    }

    /// <summary>One image's [n, 6] detections; every intermediate belongs to the caller's (per-image) scope.</summary>
    private static Tensor ImageDetections(Tensor x, NmsOptions o, bool multi)
    {
        x = x[x[TensorIndex.Colon, 4] > o.ConfThreshold];
        if (x.shape[0] == 0) return zeros(new long[] { 0, 6 }, x.dtype, x.device);
        var xy = x[TensorIndex.Colon, TensorIndex.Slice(0, 2)];
        var half = x[TensorIndex.Colon, TensorIndex.Slice(2, 4)] / 2;
        var box = cat(new[] { xy - half, xy + half }, 1);
        var scores = x[TensorIndex.Colon, TensorIndex.Slice(5, null)] * x[TensorIndex.Colon, TensorIndex.Slice(4, 5)];
        Tensor det;
        if (multi)
        {
            var ij = (scores > o.ConfThreshold).nonzero();
            var i = ij[TensorIndex.Colon, 0];
            var j = ij[TensorIndex.Colon, 1];
            det = cat(new[] { box[i], scores[i, j].unsqueeze(1), j.unsqueeze(1).to(x.dtype) }, 1);
        }
        else
        {
            var (conf, j) = scores.max(1, keepdim: true);
            det = cat(new[] { box, conf, j.to(x.dtype) }, 1)[conf.view(-1) > o.ConfThreshold];
        }
        if (det.shape[0] == 0) return zeros(new long[] { 0, 6 }, x.dtype, x.device);
        det = det[det[TensorIndex.Colon, 4].argsort(descending: true)[TensorIndex.Slice(0, o.MaxNms)]];
        var offset = det[TensorIndex.Colon, TensorIndex.Slice(5, 6)] * o.MaxWh;
        var keep = Greedy(det[TensorIndex.Colon, TensorIndex.Slice(0, 4)] + offset, o.IouThreshold, o.MaxDet);
        return det[keep];
    }

    /// <summary>
    /// Indices kept by greedy NMS of boxes already sorted by descending score: the first remaining box is kept and
    /// every remaining box overlapping it with IoU &gt; threshold removed, until none remain or maxDet are kept.
    /// </summary>
    public static Tensor Greedy(Tensor boxes, double iouThreshold, int maxDet)
    {
        var kept = new List<long>();
        var remaining = arange(boxes.shape[0], ScalarType.Int64, boxes.device).DetachFromDisposeScope();
        try
        {
            while (remaining.shape[0] > 0 && kept.Count < maxDet)
            {
                using var step = NewDisposeScope(); // this step's IoU row and masks go when it ends
                var first = remaining[0];
                kept.Add(first.item<long>());
                var rest = remaining[TensorIndex.Slice(1, null)];
                if (rest.shape[0] == 0) break;
                var iou = BoxIou.Pairwise(boxes[first].unsqueeze(0), boxes[rest])[0];
                var next = rest[iou <= iouThreshold].DetachFromDisposeScope();
                remaining.Dispose();
                remaining = next;
            }
        }
        finally
        {
            remaining.Dispose();
        }
        return tensor(kept.ToArray(), ScalarType.Int64, boxes.device);
    }
}
