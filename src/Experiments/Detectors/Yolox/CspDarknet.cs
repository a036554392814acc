using Ablation.TorchSupport.nn;
using static TorchSharp.torch;

namespace Ablation.Experiments.Detectors.Yolox;

/// <summary>
/// YOLOX's CSPDarknet (yolox/models/darknet.py): Focus stem (3x3), then dark2..dark5, each a stride-2 BaseConv
/// followed by a CSPLayer (dark5: BaseConv, SPP 5/9/13, CSPLayer without shortcut). Base channels int(64 w),
/// base depth max(round(3 d), 1); dark3 and dark4 repeat 3x the base depth. Returns dark3, dark4, dark5.
/// </summary>
public sealed class CspDarknet : ExplicitModule
{
    public Focus stem { get; }
    public ModuleSequence dark2 { get; }
    public ModuleSequence dark3 { get; }
    public ModuleSequence dark4 { get; }
    public ModuleSequence dark5 { get; }

    public CspDarknet(double dep_mul, double wid_mul, Device? device = null, ScalarType dtype = ScalarType.Float32) : base("CSPDarknet")
    {
        long bc = (long)(wid_mul * 64);
        long bd = Math.Max((long)Math.Round(dep_mul * 3, MidpointRounding.ToEven), 1);
        stem = RegisterModule("stem", new Focus(3, bc, 3, 1, device, dtype));
        dark2 = RegisterModule("dark2", new ModuleSequence(new nn.Module<Tensor, Tensor>[]
            { new BaseConv(bc, bc * 2, 3, 2, device, dtype), new CspLayer(bc * 2, bc * 2, bd, device: device, dtype: dtype) }));
        dark3 = RegisterModule("dark3", new ModuleSequence(new nn.Module<Tensor, Tensor>[]
            { new BaseConv(bc * 2, bc * 4, 3, 2, device, dtype), new CspLayer(bc * 4, bc * 4, bd * 3, device: device, dtype: dtype) }));
        dark4 = RegisterModule("dark4", new ModuleSequence(new nn.Module<Tensor, Tensor>[]
            { new BaseConv(bc * 4, bc * 8, 3, 2, device, dtype), new CspLayer(bc * 8, bc * 8, bd * 3, device: device, dtype: dtype) }));
        dark5 = RegisterModule("dark5", new ModuleSequence(new nn.Module<Tensor, Tensor>[]
        {
            new BaseConv(bc * 8, bc * 16, 3, 2, device, dtype), new SppBottleneck(bc * 16, bc * 16, device, dtype),
            new CspLayer(bc * 16, bc * 16, bd, shortcut: false, device: device, dtype: dtype),
        }));
    }

    public IReadOnlyList<(string Name, ModuleSequence Stage)> Stages =>
        new[] { ("dark2", dark2), ("dark3", dark3), ("dark4", dark4), ("dark5", dark5) };

    public (Tensor Dark3, Tensor Dark4, Tensor Dark5) Features(Tensor x)
    {
        x = dark2.forward(stem.forward(x));
        var d3 = dark3.forward(x);
        var d4 = dark4.forward(d3);
        return (d3, d4, dark5.forward(d4));
    }

    public override Tensor forward(Tensor x) => Features(x).Dark5;
}
