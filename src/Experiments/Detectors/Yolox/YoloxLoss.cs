using static TorchSharp.torch;
using TF = TorchSharp.torch.nn.functional;

namespace Ablation.Experiments.Detectors.Yolox;

/// <summary>
/// YOLOX's training loss (yolo_head.py get_losses, Megvii-BaseDetection/YOLOX release 0.3.0; Ge et al., "YOLOX:
/// Exceeding YOLO Series in 2021", arXiv:2107.08430): the raw maps are decoded as the head does in training
/// (<see cref="YoloxTrainOutputs"/>), each image's gts are assigned by <see cref="SimOta"/> on the detached
/// predictions, and with num_fg = max(matched anchors of the batch, 1):
/// <code>
/// iou = sum over fg (1 - IoU(box, gt)^2) / num_fg                                  (IOUloss, loss_type "iou")
/// obj = sum over all anchors of all images BCE-with-logits(obj, fg) / num_fg
/// cls = sum over fg BCE-with-logits(cls, one_hot(class) * IoU of the match) / num_fg
/// l1  = sum over fg |t_reg - (gt_xy / stride - grid, log(gt_wh / stride + 1e-8))| / num_fg   (UseL1 only)
/// loss = 5 iou + obj + cls + l1
/// </code>
/// YOLOX's trainer adds the L1 term in its last no-augmentation epochs; the detection trainer does the same in
/// the recipe's last <c>close_mosaic</c> epochs (<see cref="UseL1"/>). Items: [5 iou, obj, cls, l1, num_fg, num_gt].
/// Checked against Megvii's get_losses by tests/reference/yolox_loss_crosscheck.py.
/// </summary>
public sealed class YoloxLoss : IDetectionLoss
{
    public const double RegWeight = 5.0;

    public long NumClasses { get; }
    public IReadOnlyList<double> Strides { get; }
    /// <summary>Adds the L1 loss on the raw box regression.</summary>
    public bool UseL1 { get; set; }

    public YoloxLoss(long numClasses, IReadOnlyList<double> strides, bool useL1 = false)
    {
        if (numClasses < 1) throw new ArgumentException($"YOLOX loss: classes must be at least 1 (got {numClasses})");
        NumClasses = numClasses;
        Strides = strides;
        UseL1 = useL1;
    }

    public (Tensor Loss, Tensor Items) Compute(IReadOnlyList<Tensor> heads, Tensor targets) => ComputeWithAssignments(heads, targets).Result;

    /// <summary><see cref="Compute"/> and each image's assignment (for tests and diagnostics).</summary>
    public ((Tensor Loss, Tensor Items) Result, SimOtaAssignment?[] Assignments) ComputeWithAssignments(IReadOnlyList<Tensor> heads, Tensor targets)
    {
        var dec = YoloxTrainOutputs.Decode(heads, Strides);
        var o = dec.Outputs;
        var dt = o.dtype;
        var dev = o.device;
        long n = o.shape[0], anchors = o.shape[1], width = o.shape[2];
        if (width != 5 + NumClasses)
            throw new ArgumentException($"YOLOX loss: the maps have {width - 5} classes, the loss {NumClasses}");
        double inH = heads[0].shape[2] * Strides[0], inW = heads[0].shape[3] * Strides[0];
        var scale = tensor(new[] { inW, inH, inW, inH }, dt, dev);
        targets = targets.to(dt, dev);
        var image = targets[TensorIndex.Colon, 0].to(ScalarType.Int64);
        var detached = o.detach();

        var fgMasks = new Tensor[n];
        var fgFlat = new Tensor[n];
        var clsTargets = new Tensor[n];
        var boxTargets = new Tensor[n];
        var l1Targets = new Tensor[n];
        var assignments = new SimOtaAssignment?[n];
        for (long b = 0; b < n; b++)
        {
            var rows = targets.index_select(0, (image == b).nonzero().flatten());
            long g = rows.shape[0];
            var gt = rows[TensorIndex.Colon, TensorIndex.Slice(2, 6)] * scale;
            var cls = rows[TensorIndex.Colon, 1].to(ScalarType.Int64);
            Tensor fg, matched, iou;
            if (g == 0)
            {
                fg = zeros(anchors, ScalarType.Bool, dev);
                matched = zeros(0, ScalarType.Int64, dev);
                iou = zeros(0, dt, dev);
            }
            else
            {
                var p = detached[b];
                var a = SimOta.Assign(gt, cls, p[TensorIndex.Colon, TensorIndex.Slice(0, 4)], p[TensorIndex.Colon, TensorIndex.Slice(5, null)],
                    p[TensorIndex.Colon, 4], dec.GridX, dec.GridY, dec.Stride, NumClasses);
                assignments[b] = a;
                (fg, matched, iou) = (a.Foreground, a.MatchedGt, a.MatchedIou);
            }
            var fgIdx = fg.nonzero().flatten();
            var matchedBox = gt.index_select(0, matched);
            fgMasks[b] = fg;
            fgFlat[b] = fgIdx + b * anchors;
            clsTargets[b] = TF.one_hot(cls.index_select(0, matched), NumClasses).to(dt) * iou.unsqueeze(1);
            boxTargets[b] = matchedBox;
            if (UseL1)
            {
                var s = dec.Stride.index_select(0, fgIdx).unsqueeze(1);
                var grid = stack(new[] { dec.GridX.index_select(0, fgIdx), dec.GridY.index_select(0, fgIdx) }, 1);
                var xy = matchedBox[TensorIndex.Colon, TensorIndex.Slice(0, 2)] / s - grid;
                var wh = (matchedBox[TensorIndex.Colon, TensorIndex.Slice(2, 4)] / s + 1e-8).log();
                l1Targets[b] = cat(new[] { xy, wh }, 1);
            }
        }

        var fgAll = cat(fgMasks);
        var flatIdx = cat(fgFlat);
        var numFg = fgAll.sum().to(dt);
        var denom = numFg.clamp(min: 1);
        var flat = o.reshape(-1, width);
        var pf = flat.index_select(0, flatIdx);
        var lIou = (1 - BoxIou.MatchedCxcywh(pf[TensorIndex.Colon, TensorIndex.Slice(0, 4)], cat(boxTargets)).pow(2)).sum() / denom;
        var lObj = TF.binary_cross_entropy_with_logits(flat[TensorIndex.Colon, 4], fgAll.to(dt), reduction: nn.Reduction.None).sum() / denom;
        var lCls = TF.binary_cross_entropy_with_logits(pf[TensorIndex.Colon, TensorIndex.Slice(5, null)], cat(clsTargets), reduction: nn.Reduction.None).sum() / denom;
        var lL1 = UseL1
            ? (dec.RawBoxes.reshape(-1, 4).index_select(0, flatIdx) - cat(l1Targets)).abs().sum() / denom
            : zeros(Array.Empty<long>(), dt, dev);
        var loss = lIou * RegWeight + lObj + lCls + lL1;
        var items = stack(new[] { lIou * RegWeight, lObj, lCls, lL1, numFg, tensor((double)targets.shape[0], dt, dev) }).detach();
        return ((loss, items), assignments);
    }
}
