using Ablation.TorchSupport;
using static TorchSharp.torch;

namespace Ablation.Experiments.Detectors.YoloV5;

/// <summary>
/// ultralytics' SPPF: cv1 (c1 -> c1/2), then three chained k x k max pools (stride 1, padding k/2), which equal
/// SPP's parallel 5/9/13 pools for k = 5; cv2 over the concatenation of all four maps.
/// </summary>
public sealed class SPPF : AttentionHost
{
    public Conv cv1 { get; }
    public Conv cv2 { get; }
    private readonly long k;

    public SPPF(long c1, long c2, long k = 5, Device? device = null, ScalarType dtype = ScalarType.Float32) : base(nameof(SPPF))
    {
        var c_ = c1 / 2;
        cv1 = RegisterModule("cv1", new Conv(c1, c_, 1, 1, device: device, dtype: dtype));
        cv2 = RegisterModule("cv2", new Conv(c_ * 4, c2, 1, 1, device: device, dtype: dtype));
        this.k = k;
    }

    public override Tensor forward(Tensor x)
    {
        x = cv1.forward(x);
        var y1 = F.max_pool2d(x, k, 1, k / 2);
        var y2 = F.max_pool2d(y1, k, 1, k / 2);
        var y3 = F.max_pool2d(y2, k, 1, k / 2);
        return Attend(cv2.forward(cat(new[] { x, y1, y2, y3 }, 1)));
    }
}
