using Ablation.TorchSupport.nn;
using static TorchSharp.torch;

namespace Ablation.Experiments.Detectors.YoloV5;

/// <summary>
/// ultralytics' Conv (models/common.py): conv without bias (padding p, default k / 2) -> BatchNorm2d (eps 1e-3,
/// momentum 0.03, ultralytics' initialize_weights) -> SiLU. Keys conv.weight, bn.*.
/// </summary>
public sealed class Conv : AttentionHost
{
    public const double BnEps = 1e-3, BnMomentum = 0.03;

    public Conv2d conv { get; }
    public BatchNorm2d bn { get; }
    public SiLU act { get; }

    public Conv(long c1, long c2, long k = 1, long s = 1, long? p = null, Device? device = null, ScalarType dtype = ScalarType.Float32) : base(nameof(Conv))
    {
        conv = RegisterModule("conv", new Conv2d(c1, c2, k, s, p ?? k / 2, bias: false, device: device, dtype: dtype));
        bn = RegisterModule("bn", new BatchNorm2d(c2, BnEps, BnMomentum, device: device, dtype: dtype));
        act = RegisterModule("act", new SiLU());
    }

    public long OutChannels => conv.out_channels;

    public override Tensor forward(Tensor x) => Attend(act.forward(bn.forward(conv.forward(x))));
}
