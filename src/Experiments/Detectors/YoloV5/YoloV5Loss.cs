using static TorchSharp.torch;
using TF = TorchSharp.torch.nn.functional;

namespace Ablation.Experiments.Detectors.YoloV5;

/// <summary>
/// YOLOv5's ComputeLoss (utils/loss.py) with hyp.scratch-low: for the assigned (image, anchor, cell) triples of
/// each level, box loss mean(1 - CIoU) of the decoded prediction (xy = 2 sigmoid - 0.5, wh = (2 sigmoid)^2 anchor)
/// against the target; objectness BCE over the whole map against the detached CIoU clamped at 0 (gr = 1),
/// weighted 4.0 / 1.0 / 0.4 over P3 / P4 / P5; class BCE against one-hot targets (only when nc > 1). Then the
/// gains (<see cref="YoloV5Hyp"/>), and the sum times the batch size, as ultralytics returns it.
/// </summary>
public sealed class YoloV5Loss : IDetectionLoss
{
    private readonly Tensor anchors;
    private readonly long nc;
    public YoloV5Hyp Hyp { get; }

    /// <param name="hyp">already scaled (<see cref="YoloV5Hyp.ScaledFor"/>)</param>
    public YoloV5Loss(Detect detect, YoloV5Hyp hyp)
    {
        anchors = detect.anchors;
        nc = detect.nc;
        Hyp = hyp;
    }

    /// <summary>
    /// heads: the raw maps [N, na, ny, nx, 5 + nc]; targets: [nt, 6] (image, class, cx, cy, w, h) normalised.
    /// Returns (loss, [lbox, lobj, lcls] detached).
    /// </summary>
    public (Tensor Loss, Tensor Items) Compute(IReadOnlyList<Tensor> heads, Tensor targets)
    {
        var dt = heads[0].dtype;
        var dev = heads[0].device;
        var assigned = YoloV5Targets.Build(heads, targets.to(dt), anchors, Hyp.AnchorT);
        var lbox = zeros(1, dt, dev);
        var lobj = zeros(1, dt, dev);
        var lcls = zeros(1, dt, dev);
        for (int i = 0; i < heads.Count; i++)
        {
            var pi = heads[i];
            var at = assigned[i];
            var tobj = zeros(pi.shape[..4], dt, dev);
            long n = at.Image.shape[0];
            if (n > 0)
            {
                var index = new[] { TensorIndex.Tensor(at.Image), TensorIndex.Tensor(at.Anchor), TensorIndex.Tensor(at.GridY), TensorIndex.Tensor(at.GridX) };
                var ps = pi[index];                                                                   // [n, 5 + nc]
                var pxy = ps[TensorIndex.Colon, TensorIndex.Slice(0, 2)].sigmoid() * 2 - 0.5;
                var pwh = (ps[TensorIndex.Colon, TensorIndex.Slice(2, 4)].sigmoid() * 2).pow(2) * at.Anchors;
                var iou = BoxIou.Ciou(cat(new[] { pxy, pwh }, 1), at.Box);
                lbox = lbox + (1.0 - iou).mean();
                tobj[index] = iou.detach().clamp(min: 0).to(dt);
                if (nc > 1)
                {
                    var pcls = ps[TensorIndex.Colon, TensorIndex.Slice(5, null)];
                    var t = zeros_like(pcls);
                    t[TensorIndex.Tensor(arange(n, ScalarType.Int64, dev)), TensorIndex.Tensor(at.Class)] = tensor(1.0, dt, dev);
                    lcls = lcls + TF.binary_cross_entropy_with_logits(pcls, t);
                }
            }
            lobj = lobj + TF.binary_cross_entropy_with_logits(pi[TensorIndex.Ellipsis, 4], tobj) * Hyp.Balance[i];
        }
        lbox = lbox * Hyp.Box;
        lobj = lobj * Hyp.Obj;
        lcls = lcls * Hyp.Cls;
        long bs = heads[0].shape[0];
        return ((lbox + lobj + lcls).squeeze() * bs, cat(new[] { lbox, lobj, lcls }).detach());
    }
}
