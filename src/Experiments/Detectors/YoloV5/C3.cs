using Ablation.TorchSupport.nn;
using static TorchSharp.torch;

namespace Ablation.Experiments.Detectors.YoloV5;

/// <summary>
/// ultralytics' C3, the CSP bottleneck with three convolutions: cv3(cat(m(cv1(x)), cv2(x))), hidden c_ = c2 * e,
/// m = n Bottlenecks (e = 1). Keys cv1, cv2, cv3, m.J.
/// </summary>
public sealed class C3 : AttentionHost
{
    public Conv cv1 { get; }
    public Conv cv2 { get; }
    public Conv cv3 { get; }
    public IReadOnlyList<Bottleneck> Bottlenecks { get; }

    public C3(long c1, long c2, long n = 1, bool shortcut = true, double e = 0.5, Device? device = null, ScalarType dtype = ScalarType.Float32) : base(nameof(C3))
    {
        var c_ = (long)(c2 * e);
        cv1 = RegisterModule("cv1", new Conv(c1, c_, 1, 1, device: device, dtype: dtype));
        cv2 = RegisterModule("cv2", new Conv(c1, c_, 1, 1, device: device, dtype: dtype));
        cv3 = RegisterModule("cv3", new Conv(2 * c_, c2, 1, device: device, dtype: dtype));
        var blocks = Enumerable.Range(0, (int)n).Select(_ => new Bottleneck(c_, c_, shortcut, 1.0, device, dtype)).ToList();
        RegisterModule("m", new ModuleSequence(blocks));
        Bottlenecks = blocks;
    }

    public override Tensor forward(Tensor x)
    {
        var y = cv1.forward(x);
        foreach (var b in Bottlenecks) y = b.forward(y);
        return Attend(cv3.forward(cat(new[] { y, cv2.forward(x) }, 1)));
    }
}
