using static TorchSharp.torch;

namespace Ablation.Experiments.Detectors.Yolox;

/// <summary>
/// The YOLOX head's training-mode output (yolo_head.py get_output_and_grid), which the loss reads: per level the raw
/// map [N, 5 + nc, ny, nx] flattened to anchors in (y, x) order, boxes decoded to input pixels,
/// xy = (t_xy + grid) * stride and wh = exp(t_wh) * stride, objectness and classes left as logits; levels
/// concatenated (P3, P4, P5). Beside it the raw box regression (the L1 loss's input) and each anchor's grid cell
/// and stride. Ge et al., "YOLOX: Exceeding YOLO Series in 2021", arXiv:2107.08430, section 2.1.
/// </summary>
/// <param name="Outputs">[N, A, 5 + nc]: cx, cy, w, h in pixels, obj logit, class logits.</param>
/// <param name="RawBoxes">[N, A, 4]: the regression before decoding.</param>
/// <param name="GridX">[A]: each anchor's cell column.</param>
/// <param name="GridY">[A]: each anchor's cell row.</param>
/// <param name="Stride">[A]: each anchor's level stride.</param>
public sealed record YoloxTrainOutputs(Tensor Outputs, Tensor RawBoxes, Tensor GridX, Tensor GridY, Tensor Stride)
{
    public static YoloxTrainOutputs Decode(IReadOnlyList<Tensor> heads, IReadOnlyList<double> strides)
    {
        if (heads.Count != strides.Count)
            throw new ArgumentException($"YOLOX decode: {heads.Count} maps but {strides.Count} strides");
        var outs = new Tensor[heads.Count];
        var gxs = new Tensor[heads.Count];
        var gys = new Tensor[heads.Count];
        var sts = new Tensor[heads.Count];
        for (int k = 0; k < heads.Count; k++)
        {
            var h = heads[k];
            long ny = h.shape[2], nx = h.shape[3];
            var t = h.flatten(2).transpose(1, 2);                                        // [N, ny nx, 5 + nc]
            var gy = arange(ny, h.dtype, h.device).view(ny, 1).expand(ny, nx).reshape(-1);
            var gx = arange(nx, h.dtype, h.device).view(1, nx).expand(ny, nx).reshape(-1);
            var grid = stack(new[] { gx, gy }, 1);                                        // [ny nx, 2]
            outs[k] = cat(new[]
            {
                (t[TensorIndex.Ellipsis, TensorIndex.Slice(0, 2)] + grid) * strides[k],
                t[TensorIndex.Ellipsis, TensorIndex.Slice(2, 4)].exp() * strides[k],
                t[TensorIndex.Ellipsis, TensorIndex.Slice(4, null)],
            }, -1);
            gxs[k] = gx;
            gys[k] = gy;
            sts[k] = full(ny * nx, strides[k], h.dtype, h.device);
        }
        var outputs = cat(outs, 1);
        var raw = cat(heads.Select(h => h[TensorIndex.Colon, TensorIndex.Slice(0, 4)].flatten(2).transpose(1, 2)).ToArray(), 1);
        return new YoloxTrainOutputs(outputs, raw, cat(gxs), cat(gys), cat(sts));
    }
}
