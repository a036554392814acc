using static TorchSharp.torch;

namespace Ablation.Experiments.Detectors.YoloV5;

/// <summary>The targets of one level after assignment: n matched (target, anchor, cell) triples.</summary>
public sealed record LevelTargets(Tensor Image, Tensor Anchor, Tensor GridY, Tensor GridX, Tensor Box, Tensor Anchors, Tensor Class);

/// <summary>
/// ComputeLoss.build_targets (ultralytics utils/loss.py): each target [image, class, cx, cy, w, h] (normalised)
/// is matched to every anchor of a level whose width and height ratios r satisfy max(r, 1/r) &lt; anchor_t, and
/// is assigned to its own grid cell and to the two of the four neighbouring cells nearest its centre (offset
/// 0.5, so a centre in the left half of its cell also goes to the cell on the left, when that cell exists).
/// Box targets are (x - cell_x, y - cell_y, w, h) in grid units. All in tensor ops.
/// </summary>
public static class YoloV5Targets
{
    private const double G = 0.5;

    public static LevelTargets[] Build(IReadOnlyList<Tensor> heads, Tensor targets, Tensor anchors, double anchorT)
    {
        var dt = targets.dtype;
        var dev = targets.device;
        long na = anchors.shape[1], nt = targets.shape[0];
        var ai = arange(na, dt, dev).view(na, 1).repeat(1, nt);
        var all = cat(new[] { targets.repeat(na, 1, 1), ai.unsqueeze(-1) }, 2);            // [na, nt, 7]
        var off = tensor(new double[] { 0, 0, 1, 0, 0, 1, -1, 0, 0, -1 }, new long[] { 5, 2 }, dt, dev) * G;
        var result = new LevelTargets[heads.Count];
        for (int i = 0; i < heads.Count; i++)
        {
            var anc = anchors[i].to(dt);
            long ny = heads[i].shape[2], nx = heads[i].shape[3];
            var gain = tensor(new double[] { 1, 1, nx, ny, nx, ny, 1 }, dt, dev);
            var t = all * gain;
            Tensor offsets;
            if (nt > 0)
            {
                var r = t[TensorIndex.Ellipsis, TensorIndex.Slice(4, 6)] / anc.unsqueeze(1);
                var match = maximum(r, 1 / r).amax(2) < anchorT;                          // [na, nt]
                t = t[match];                                                              // [k, 7]
                var gxy = t[TensorIndex.Colon, TensorIndex.Slice(2, 4)];
                var gxi = gain[TensorIndex.Slice(2, 4)] - gxy;
                var near = (gxy.remainder(1) < G).logical_and(gxy > 1).T;                 // [2, k]: left, top
                var far = (gxi.remainder(1) < G).logical_and(gxi > 1).T;                  // [2, k]: right, bottom
                var pick = stack(new[] { ones_like(near[0]), near[0], near[1], far[0], far[1] });   // [5, k]
                t = t.repeat(5, 1, 1)[pick];
                offsets = (zeros_like(gxy).unsqueeze(0) + off.unsqueeze(1))[pick];
            }
            else
            {
                t = all[0];
                offsets = zeros(new long[] { 0, 2 }, dt, dev);
            }
            var b = t[TensorIndex.Colon, 0].to(ScalarType.Int64);
            var c = t[TensorIndex.Colon, 1].to(ScalarType.Int64);
            var xy = t[TensorIndex.Colon, TensorIndex.Slice(2, 4)];
            var wh = t[TensorIndex.Colon, TensorIndex.Slice(4, 6)];
            var a = t[TensorIndex.Colon, 6].to(ScalarType.Int64);
            var gij = (xy - offsets).to(ScalarType.Int64);                                  // truncation, as .long()
            var gi = gij[TensorIndex.Colon, 0];
            var gj = gij[TensorIndex.Colon, 1];
            result[i] = new LevelTargets(b, a, gj.clamp(0, ny - 1), gi.clamp(0, nx - 1),
                cat(new[] { xy - gij.to(dt), wh }, 1), anc[a], c);
        }
        return result;
    }
}
