using Ablation.TorchSupport.nn;
using ModuleListOf = TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ablation.Experiments.Detectors.YoloV5;

/// <summary>
/// ultralytics' Detect (models/yolo.py): one 1x1 conv per level (with bias) to na * (5 + nc) channels, viewed as
/// [N, na, ny, nx, 5 + nc]. Buffer <c>anchors</c> [nl, na, 2] holds the anchors divided by the level's stride
/// (grid units), as DetectionModel leaves it. Eval decoding: s = sigmoid(p), xy = (2 s_xy - 0.5 + grid) * stride,
/// wh = (2 s_wh)^2 * anchor (pixels), obj and class scores sigmoid.
/// </summary>
public sealed class Detect : ExplicitModule
{
    /// <summary>The default COCO anchors of yolov5*.yaml, in pixels, per level (w, h) x 3.</summary>
    public static readonly double[][] DefaultAnchors =
    {
        new double[] { 10, 13, 16, 30, 33, 23 }, new double[] { 30, 61, 62, 45, 59, 119 }, new double[] { 116, 90, 156, 198, 373, 326 },
    };

    public long nc { get; }
    public long no { get; }
    public int nl { get; }
    public long na { get; }
    public double[] stride { get; }
    public Tensor anchors { get; }
    public IReadOnlyList<Conv2d> m { get; }

    public Detect(long nc, double[][] anchorsPixels, IReadOnlyList<long> ch, double[] strides, Device? device = null, ScalarType dtype = ScalarType.Float32) : base(nameof(Detect))
    {
        this.nc = nc;
        no = nc + 5;
        nl = anchorsPixels.Length;
        na = anchorsPixels[0].Length / 2;
        stride = strides;
        var grid = new float[nl * na * 2];
        for (int l = 0; l < nl; l++)
            for (int j = 0; j < na * 2; j++) grid[l * na * 2 + j] = (float)(anchorsPixels[l][j] / strides[l]);
        anchors = RegisterBuffer("anchors", tensor(grid, new long[] { nl, na, 2 }, ScalarType.Float32).to(dtype, device ?? CPU));
        var convs = ch.Select(c => new Conv2d(c, no * na, 1, device: device, dtype: dtype)).ToList();
        RegisterModule("m", new ModuleListOf.ModuleList<nn.Module<Tensor, Tensor>>(convs.ToArray<nn.Module<Tensor, Tensor>>()));
        m = convs;
        InitializeBiases();
    }

    /// <summary>
    /// DetectionModel._initialize_biases: the focal-loss prior (Lin et al. 2017, section 3.3) on top of the
    /// default init: obj += log(8 / (640 / s)^2) (about 8 objects per 640 image), cls += log(0.6 / (nc - 0.99999)).
    /// </summary>
    private void InitializeBiases()
    {
        using var _ = no_grad();
        for (int i = 0; i < nl; i++)
        {
            var b = m[i].bias!.view(na, no);
            b[TensorIndex.Colon, 4].add_(Math.Log(8 / Math.Pow(640 / stride[i], 2)));
            b[TensorIndex.Colon, TensorIndex.Slice(5, 5 + nc)].add_(Math.Log(0.6 / (nc - 0.99999)));
        }
    }

    /// <summary>The raw maps [N, na, ny, nx, 5 + nc] of the three levels (what the loss reads).</summary>
    public Tensor[] Heads(IReadOnlyList<Tensor> xs)
    {
        var raw = new Tensor[nl];
        for (int i = 0; i < nl; i++)
        {
            var p = m[i].forward(xs[i]);
            long bs = p.shape[0], ny = p.shape[2], nx = p.shape[3];
            raw[i] = p.view(bs, na, no, ny, nx).permute(0, 1, 3, 4, 2).contiguous();
        }
        return raw;
    }

    /// <summary>[N, na * sum(ny * nx), 5 + nc]: xywh in input pixels, sigmoid obj and classes; P3, P4, P5, each (anchor, y, x).</summary>
    public Tensor Decode(Tensor[] raw)
    {
        var z = new Tensor[nl];
        for (int i = 0; i < nl; i++)
        {
            var p = raw[i];
            long bs = p.shape[0], ny = p.shape[2], nx = p.shape[3];
            var yv = arange(ny, p.dtype, p.device).view(ny, 1).expand(ny, nx);
            var xv = arange(nx, p.dtype, p.device).view(1, nx).expand(ny, nx);
            var grid = stack(new[] { xv, yv }, 2).view(1, 1, ny, nx, 2) - 0.5;
            var anchorGrid = (anchors[i] * stride[i]).view(1, na, 1, 1, 2).to(p.dtype);
            var s = p.sigmoid();
            var xy = (s[TensorIndex.Ellipsis, TensorIndex.Slice(0, 2)] * 2 + grid) * stride[i];
            var wh = (s[TensorIndex.Ellipsis, TensorIndex.Slice(2, 4)] * 2).pow(2) * anchorGrid;
            z[i] = cat(new[] { xy, wh, s[TensorIndex.Ellipsis, TensorIndex.Slice(4, null)] }, 4).view(bs, -1, no);
        }
        return cat(z, 1);
    }

    public override Tensor forward(Tensor x) =>
        throw new InvalidOperationException("Detect reads three maps: call Heads(maps) and Decode(raw)");
}
