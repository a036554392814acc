using Ablation.TorchSupport.nn;
using static TorchSharp.torch;

namespace Ablation.Experiments.Detectors.Yolox;

/// <summary>
/// YOLOX's BaseConv (yolox/models/network_blocks.py): conv (no bias, padding (k - 1) / 2) -> BatchNorm2d
/// (eps 1e-3, momentum 0.03 as exp/yolox_base.py's init_yolo sets them) -> SiLU. Keys conv.weight, bn.*.
/// </summary>
public sealed class BaseConv : AttentionHost
{
    public Conv2d conv { get; }
    public BatchNorm2d bn { get; }

    public BaseConv(long in_channels, long out_channels, long ksize, long stride, Device? device = null, ScalarType dtype = ScalarType.Float32) : base(nameof(BaseConv))
    {
        conv = RegisterModule("conv", new Conv2d(in_channels, out_channels, ksize, stride, (ksize - 1) / 2, bias: false, device: device, dtype: dtype));
        bn = RegisterModule("bn", new BatchNorm2d(out_channels, 1e-3, 0.03, device: device, dtype: dtype));
        RegisterModule("act", new SiLU());
    }

    public long OutChannels => conv.out_channels;

    public override Tensor forward(Tensor x) => Attend(TorchSupport.F.silu(bn.forward(conv.forward(x))));
}
