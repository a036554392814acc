using static TorchSharp.torch;
using TF = TorchSharp.torch.nn.functional;

namespace Ablation.Experiments.Detectors.Yolox;

/// <summary>What SimOTA gives one image.</summary>
/// <param name="Foreground">[A] bool: the anchors that learn a box (obj target 1).</param>
/// <param name="MatchedGt">[F] int64: for each foreground anchor, in ascending anchor order, the index of its gt.</param>
/// <param name="MatchedIou">[F]: the IoU of the anchor's prediction with that gt (the class target's scale).</param>
/// <param name="DynamicK">[G] int64: how many anchors each gt asked for.</param>
/// <param name="Conflicts">int64 scalar: anchors more than one gt picked before the min-cost resolution.</param>
public sealed record SimOtaAssignment(Tensor Foreground, Tensor MatchedGt, Tensor MatchedIou, Tensor DynamicK, Tensor Conflicts);

/// <summary>
/// SimOTA label assignment (Ge et al., "YOLOX: Exceeding YOLO Series in 2021", arXiv:2107.08430, section 2.1),
/// with the semantics of Megvii-BaseDetection/YOLOX release 0.3.0 (yolo_head.py get_assignments,
/// get_in_boxes_info, dynamic_k_matching; later commits narrowed the candidates to a 1.5-stride centre box and
/// raised the penalty to 1e6; this follows the release):
/// <list type="bullet">
/// <item>candidates: anchors whose centre c = (grid + 0.5) * stride lies strictly inside some gt box, or strictly
/// inside some gt's centre +- 2.5 * stride;</item>
/// <item>cost[g, a] = sum over classes BCE(sqrt(sigmoid(cls_a) sigmoid(obj_a)), one_hot(class_g))
/// + 3 (-log(IoU(g, a) + 1e-8)) + 1e5 [a not both in g's box and in g's centre region];</item>
/// <item>dynamic k: k_g = max(floor(sum of the min(10, candidates) largest IoUs of g), 1); g takes its k_g
/// cheapest candidates; an anchor taken by several gts keeps only the one of least cost.</item>
/// </list>
/// All tensor ops without gradient; the only host reads are the candidate count and the largest k, one each per
/// image (topk takes the largest k for every gt at once, and a rank mask keeps each gt's own k). Ties in cost are
/// broken by libtorch's topk order, as in YOLOX.
/// </summary>
public static class SimOta
{
    public const double CentreRadius = 2.5;
    public const double IouCostWeight = 3.0;
    public const double OutsideCost = 1e5;
    public const int CandidateIous = 10;

    /// <param name="gtBoxes">[G, 4] cx, cy, w, h in input pixels (G &gt;= 1).</param>
    /// <param name="gtClasses">[G] int64.</param>
    /// <param name="boxes">[A, 4] decoded predictions (cx, cy, w, h pixels).</param>
    /// <param name="clsLogits">[A, nc].</param>
    /// <param name="objLogits">[A].</param>
    /// <param name="gridX">[A] cell column of each anchor.</param>
    /// <param name="gridY">[A] cell row.</param>
    /// <param name="stride">[A] level stride.</param>
    /// <remarks>The intermediates ([G, C, nc] class costs among them, 13 MB for 20 gts, 2,000 candidates and 80 classes)
    /// are freed on return, not at the end of the training step: a step assigns every image of its batch.</remarks>
    public static SimOtaAssignment Assign(Tensor gtBoxes, Tensor gtClasses, Tensor boxes, Tensor clsLogits, Tensor objLogits,
        Tensor gridX, Tensor gridY, Tensor stride, long numClasses)
    {
        using var scope = NewDisposeScope();
        var a = AssignInScope(gtBoxes, gtClasses, boxes, clsLogits, objLogits, gridX, gridY, stride, numClasses);
        return new SimOtaAssignment(scope.MoveToOuter(a.Foreground), scope.MoveToOuter(a.MatchedGt), scope.MoveToOuter(a.MatchedIou),
            scope.MoveToOuter(a.DynamicK), scope.MoveToOuter(a.Conflicts));
    }

    private static SimOtaAssignment AssignInScope(Tensor gtBoxes, Tensor gtClasses, Tensor boxes, Tensor clsLogits, Tensor objLogits,
        Tensor gridX, Tensor gridY, Tensor stride, long numClasses)
    {
        using var _ = no_grad();
        var dt = boxes.dtype;
        var dev = boxes.device;
        long anchors = boxes.shape[0], g = gtBoxes.shape[0];
        var (inBox, inCentre) = Geometry(gtBoxes, gridX, gridY, stride);
        var candidate = inBox.any(0).logical_or(inCentre.any(0));
        var idx = candidate.nonzero().flatten();
        long c = idx.shape[0];
        if (c == 0)
            return new SimOtaAssignment(zeros(anchors, ScalarType.Bool, dev), zeros(0, ScalarType.Int64, dev), zeros(0, dt, dev),
                zeros(g, ScalarType.Int64, dev), zeros(Array.Empty<long>(), ScalarType.Int64, dev));
        var both = inBox.logical_and(inCentre).index_select(1, idx);                          // [G, C]
        var ious = BoxIou.PairwiseCxcywh(gtBoxes, boxes.index_select(0, idx));                // [G, C]
        var score = (clsLogits.index_select(0, idx).sigmoid() * objLogits.index_select(0, idx).unsqueeze(1).sigmoid()).sqrt();
        var onehot = TF.one_hot(gtClasses, numClasses).to(dt);                                 // [G, nc]
        var clsCost = TF.binary_cross_entropy(score.unsqueeze(0).expand(g, c, numClasses),
            onehot.unsqueeze(1).expand(g, c, numClasses), reduction: nn.Reduction.None).sum(-1);
        var cost = clsCost + (ious + 1e-8).log().neg() * IouCostWeight + both.logical_not().to(dt) * OutsideCost;

        var top = ious.topk((int)Math.Min(CandidateIous, c), dim: 1).values;
        var ks = top.sum(1).to(ScalarType.Int64).clamp(min: 1);                                  // floor: the sums are >= 0
        long kmax = ks.max().item<long>();
        var order = cost.topk((int)kmax, dim: 1, largest: false).indexes;                       // [G, kmax], cheapest first
        var take = arange(kmax, ScalarType.Int64, dev).unsqueeze(0) < ks.unsqueeze(1);
        var match = zeros(new[] { g, c }, ScalarType.Bool, dev).scatter(1, order, take);

        var shared = match.sum(dim: 0) > 1;                                                     // [C] (sum(0) would bind to sum(ScalarType))
        var cheapest = cost.argmin(0);                                                           // [C]
        var isCheapest = arange(g, ScalarType.Int64, dev).unsqueeze(1) == cheapest.unsqueeze(0); // [G, C]
        match = where(shared.unsqueeze(0), isCheapest, match);

        var taken = match.any(0);
        var takenIdx = taken.nonzero().flatten();
        var foreground = zeros(anchors, ScalarType.Bool, dev).scatter(0, idx, taken);
        var matched = match.index_select(1, takenIdx).to(ScalarType.Int64).argmax(0);
        var matchedIou = ious.index_select(1, takenIdx).gather(0, matched.unsqueeze(0)).squeeze(0);
        return new SimOtaAssignment(foreground, matched, matchedIou, ks, shared.sum());
    }

    /// <summary>(in_box, in_centre), each [G, A]: the anchor centre strictly inside the gt box, and strictly inside
    /// the square of half-side 2.5 strides around the gt centre.</summary>
    public static (Tensor InBox, Tensor InCentre) Geometry(Tensor gtBoxes, Tensor gridX, Tensor gridY, Tensor stride)
    {
        var cx = ((gridX + 0.5) * stride).unsqueeze(0);
        var cy = ((gridY + 0.5) * stride).unsqueeze(0);
        var gx = gtBoxes[TensorIndex.Colon, TensorIndex.Slice(0, 1)];
        var gy = gtBoxes[TensorIndex.Colon, TensorIndex.Slice(1, 2)];
        var hw = gtBoxes[TensorIndex.Colon, TensorIndex.Slice(2, 3)] / 2;
        var hh = gtBoxes[TensorIndex.Colon, TensorIndex.Slice(3, 4)] / 2;
        var inBox = stack(new[] { cx - (gx - hw), cy - (gy - hh), (gx + hw) - cx, (gy + hh) - cy }, 2).amin(2) > 0;
        var r = stride.unsqueeze(0) * CentreRadius;
        var inCentre = stack(new[] { cx - (gx - r), cy - (gy - r), (gx + r) - cx, (gy + r) - cy }, 2).amin(2) > 0;
        return (inBox, inCentre);
    }
}
