using Ablation.TorchSupport;
using static TorchSharp.torch;

namespace Ablation.Experiments.Detectors.YoloV5;

/// <summary>
/// ultralytics' Bottleneck: y = cv2(cv1(x)) (1x1 then 3x3 Conv, hidden c2 * e), plus x when shortcut and
/// c1 == c2. Block attention sits on the branch, after cv2 and before the addition.
/// </summary>
public sealed class Bottleneck : AttentionHost
{
    public Conv cv1 { get; }
    public Conv cv2 { get; }
    public bool add { get; }

    public Bottleneck(long c1, long c2, bool shortcut = true, double e = 0.5, Device? device = null, ScalarType dtype = ScalarType.Float32) : base(nameof(Bottleneck))
    {
        var c_ = (long)(c2 * e);
        cv1 = RegisterModule("cv1", new Conv(c1, c_, 1, 1, device: device, dtype: dtype));
        cv2 = RegisterModule("cv2", new Conv(c_, c2, 3, 1, device: device, dtype: dtype));
        add = shortcut && c1 == c2;
    }

    public override Tensor forward(Tensor x)
    {
        var y = Attend(cv2.forward(cv1.forward(x)));
        return add ? F.add(x, y) : y;
    }
}
