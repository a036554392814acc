using Ablation.TorchSupport.nn;
using ModuleListOf = TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ablation.Experiments.Detectors.Yolox;

/// <summary>
/// YOLOX's decoupled head (yolox/models/yolo_head.py), per level: stem (1x1 to int(256 w)), two 3x3 BaseConvs
/// for classes and two for boxes, then cls_preds (nc), reg_preds (4) and obj_preds (1), all with bias; the
/// cls and obj biases start at -log((1 - 0.01) / 0.01) (prior 0.01). Ge et al., "YOLOX: Exceeding YOLO
/// Series in 2021", arXiv:2107.08430.
/// </summary>
public sealed class YoloxHead : ExplicitModule
{
    public long num_classes { get; }
    public static readonly double[] DefaultStrides = { 8, 16, 32 };
    private readonly List<ModuleSequence> cls_convs = new(), reg_convs = new();
    private readonly List<Conv2d> cls_preds = new(), reg_preds = new(), obj_preds = new();
    private readonly List<BaseConv> stems = new();

    public YoloxHead(long num_classes, double width, IReadOnlyList<long> in_channels, Device? device = null, ScalarType dtype = ScalarType.Float32) : base("YOLOXHead")
    {
        this.num_classes = num_classes;
        long hid = (long)(256 * width);
        foreach (var c in in_channels)
        {
            stems.Add(new BaseConv((long)(c * width), hid, 1, 1, device, dtype));
            cls_convs.Add(new ModuleSequence(new nn.Module<Tensor, Tensor>[] { new BaseConv(hid, hid, 3, 1, device, dtype), new BaseConv(hid, hid, 3, 1, device, dtype) }));
            reg_convs.Add(new ModuleSequence(new nn.Module<Tensor, Tensor>[] { new BaseConv(hid, hid, 3, 1, device, dtype), new BaseConv(hid, hid, 3, 1, device, dtype) }));
            cls_preds.Add(new Conv2d(hid, num_classes, 1, device: device, dtype: dtype));
            reg_preds.Add(new Conv2d(hid, 4, 1, device: device, dtype: dtype));
            obj_preds.Add(new Conv2d(hid, 1, 1, device: device, dtype: dtype));
        }
        RegisterModule("cls_convs", new ModuleListOf.ModuleList<ModuleSequence>(cls_convs.ToArray()));
        RegisterModule("reg_convs", new ModuleListOf.ModuleList<ModuleSequence>(reg_convs.ToArray()));
        RegisterModule("cls_preds", new ModuleListOf.ModuleList<Conv2d>(cls_preds.ToArray()));
        RegisterModule("reg_preds", new ModuleListOf.ModuleList<Conv2d>(reg_preds.ToArray()));
        RegisterModule("obj_preds", new ModuleListOf.ModuleList<Conv2d>(obj_preds.ToArray()));
        RegisterModule("stems", new ModuleListOf.ModuleList<BaseConv>(stems.ToArray()));
        using var _ = no_grad();
        double prior = -Math.Log((1 - 0.01) / 0.01);
        foreach (var conv in cls_preds.Concat(obj_preds)) conv.bias!.fill_(prior);
    }

    /// <summary>Per level cat(reg, obj, cls) raw, [N, 5 + nc, ny, nx].</summary>
    public Tensor[] Heads(IReadOnlyList<Tensor> xin)
    {
        var outs = new Tensor[xin.Count];
        for (int k = 0; k < xin.Count; k++)
        {
            var x = stems[k].forward(xin[k]);
            var reg_feat = reg_convs[k].forward(x);
            outs[k] = cat(new[] { reg_preds[k].forward(reg_feat), obj_preds[k].forward(reg_feat), cls_preds[k].forward(cls_convs[k].forward(x)) }, 1);
        }
        return outs;
    }

    /// <summary>
    /// decode_outputs: [N, sum(ny nx), 5 + nc] with xy = (t_xy + grid) * stride, wh = exp(t_wh) * stride (pixels),
    /// sigmoid obj and classes; each level in (y, x) order.
    /// </summary>
    public static Tensor Decode(Tensor[] heads, IReadOnlyList<double> strides)
    {
        var z = new Tensor[heads.Length];
        for (int k = 0; k < heads.Length; k++)
        {
            var h = heads[k];
            long ny = h.shape[2], nx = h.shape[3];
            var t = h.flatten(2).permute(0, 2, 1);
            var yv = arange(ny, h.dtype, h.device).view(ny, 1).expand(ny, nx);
            var xv = arange(nx, h.dtype, h.device).view(1, nx).expand(ny, nx);
            var grid = stack(new[] { xv, yv }, 2).view(1, ny * nx, 2);
            z[k] = cat(new[]
            {
                (t[TensorIndex.Ellipsis, TensorIndex.Slice(0, 2)] + grid) * strides[k],
                t[TensorIndex.Ellipsis, TensorIndex.Slice(2, 4)].exp() * strides[k],
                t[TensorIndex.Ellipsis, TensorIndex.Slice(4, null)].sigmoid(),
            }, -1);
        }
        return cat(z, 1);
    }

    public override Tensor forward(Tensor x) =>
        throw new InvalidOperationException("YOLOXHead reads three maps: call Heads(maps)");
}
