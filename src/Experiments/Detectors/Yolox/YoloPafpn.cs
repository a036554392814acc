using Ablation.TorchSupport.nn;
using static TorchSharp.torch;

namespace Ablation.Experiments.Detectors.Yolox;

/// <summary>
/// YOLOX's YOLOPAFPN (yolox/models/yolo_pafpn.py): CSPDarknet, then a top-down path (lateral_conv0, C3_p4,
/// reduce_conv1, C3_p3) and a bottom-up path (bu_conv2, C3_n3, bu_conv1, C3_n4), nearest 2x upsampling, CSP
/// layers without shortcut and round(3 d) repeats. Outputs pan_out2 (stride 8), pan_out1 (16), pan_out0 (32).
/// </summary>
public sealed class YoloPafpn : ExplicitModule
{
    public CspDarknet backbone { get; }
    public BaseConv lateral_conv0 { get; }
    public CspLayer C3_p4 { get; }
    public BaseConv reduce_conv1 { get; }
    public CspLayer C3_p3 { get; }
    public BaseConv bu_conv2 { get; }
    public CspLayer C3_n3 { get; }
    public BaseConv bu_conv1 { get; }
    public CspLayer C3_n4 { get; }
    private readonly Upsample upsample;

    public YoloPafpn(double depth, double width, Device? device = null, ScalarType dtype = ScalarType.Float32) : base("YOLOPAFPN")
    {
        long c0 = (long)(256 * width), c1 = (long)(512 * width), c2 = (long)(1024 * width);
        long n = (long)Math.Round(3 * depth, MidpointRounding.ToEven);
        backbone = RegisterModule("backbone", new CspDarknet(depth, width, device, dtype));
        upsample = RegisterModule("upsample", new Upsample());
        lateral_conv0 = RegisterModule("lateral_conv0", new BaseConv(c2, c1, 1, 1, device, dtype));
        C3_p4 = RegisterModule("C3_p4", new CspLayer(2 * c1, c1, n, false, device: device, dtype: dtype));
        reduce_conv1 = RegisterModule("reduce_conv1", new BaseConv(c1, c0, 1, 1, device, dtype));
        C3_p3 = RegisterModule("C3_p3", new CspLayer(2 * c0, c0, n, false, device: device, dtype: dtype));
        bu_conv2 = RegisterModule("bu_conv2", new BaseConv(c0, c0, 3, 2, device, dtype));
        C3_n3 = RegisterModule("C3_n3", new CspLayer(2 * c0, c1, n, false, device: device, dtype: dtype));
        bu_conv1 = RegisterModule("bu_conv1", new BaseConv(c1, c1, 3, 2, device, dtype));
        C3_n4 = RegisterModule("C3_n4", new CspLayer(2 * c1, c2, n, false, device: device, dtype: dtype));
    }

    public Tensor[] Outputs(Tensor input)
    {
        var (x2, x1, x0) = backbone.Features(input);
        var fpn_out0 = lateral_conv0.forward(x0);
        var f_out0 = C3_p4.forward(cat(new[] { upsample.forward(fpn_out0), x1 }, 1));
        var fpn_out1 = reduce_conv1.forward(f_out0);
        var pan_out2 = C3_p3.forward(cat(new[] { upsample.forward(fpn_out1), x2 }, 1));
        var pan_out1 = C3_n3.forward(cat(new[] { bu_conv2.forward(pan_out2), fpn_out1 }, 1));
        var pan_out0 = C3_n4.forward(cat(new[] { bu_conv1.forward(pan_out1), fpn_out0 }, 1));
        return new[] { pan_out2, pan_out1, pan_out0 };
    }

    public override Tensor forward(Tensor x) => Outputs(x)[0];
}
