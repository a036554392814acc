using Ablation.TorchSupport;
using static TorchSharp.torch;

namespace Ablation.Experiments.Detectors.Yolox;

/// <summary>YOLOX's Bottleneck: conv2(conv1(x)) (1x1, 3x3), plus x when shortcut and in == out; block attention after conv2.</summary>
public sealed class XBottleneck : AttentionHost
{
    public BaseConv conv1 { get; }
    public BaseConv conv2 { get; }
    public bool use_add { get; }

    public XBottleneck(long in_channels, long out_channels, bool shortcut, double expansion, Device? device = null, ScalarType dtype = ScalarType.Float32) : base("Bottleneck")
    {
        var hidden = (long)(out_channels * expansion);
        conv1 = RegisterModule("conv1", new BaseConv(in_channels, hidden, 1, 1, device, dtype));
        conv2 = RegisterModule("conv2", new BaseConv(hidden, out_channels, 3, 1, device, dtype));
        use_add = shortcut && in_channels == out_channels;
    }

    public override Tensor forward(Tensor x)
    {
        var y = Attend(conv2.forward(conv1.forward(x)));
        return use_add ? F.add(y, x) : y;
    }
}

/// <summary>YOLOX's CSPLayer (YOLOv5's C3): conv3(cat(m(conv1(x)), conv2(x))), hidden = out * 0.5.</summary>
public sealed class CspLayer : AttentionHost
{
    public BaseConv conv1 { get; }
    public BaseConv conv2 { get; }
    public BaseConv conv3 { get; }
    public IReadOnlyList<XBottleneck> Bottlenecks { get; }

    public CspLayer(long in_channels, long out_channels, long n = 1, bool shortcut = true, double expansion = 0.5, Device? device = null, ScalarType dtype = ScalarType.Float32)
        : base("CSPLayer")
    {
        var hidden = (long)(out_channels * expansion);
        conv1 = RegisterModule("conv1", new BaseConv(in_channels, hidden, 1, 1, device, dtype));
        conv2 = RegisterModule("conv2", new BaseConv(in_channels, hidden, 1, 1, device, dtype));
        conv3 = RegisterModule("conv3", new BaseConv(2 * hidden, out_channels, 1, 1, device, dtype));
        var blocks = Enumerable.Range(0, (int)n).Select(_ => new XBottleneck(hidden, hidden, shortcut, 1.0, device, dtype)).ToList();
        RegisterModule("m", new ModuleSequence(blocks));
        Bottlenecks = blocks;
    }

    public long OutChannels => conv3.OutChannels;

    public override Tensor forward(Tensor x)
    {
        var y = conv1.forward(x);
        foreach (var b in Bottlenecks) y = b.forward(y);
        return Attend(conv3.forward(cat(new[] { y, conv2.forward(x) }, 1)));
    }
}

/// <summary>YOLOX's SPPBottleneck (YOLOv3-SPP): conv1 (in -> in/2), parallel 5/9/13 max pools (stride 1), conv2 over the four maps.</summary>
public sealed class SppBottleneck : TorchSupport.nn.ExplicitModule
{
    private static readonly long[] Kernels = { 5, 9, 13 };
    public BaseConv conv1 { get; }
    public BaseConv conv2 { get; }

    public SppBottleneck(long in_channels, long out_channels, Device? device = null, ScalarType dtype = ScalarType.Float32) : base("SPPBottleneck")
    {
        var hidden = in_channels / 2;
        conv1 = RegisterModule("conv1", new BaseConv(in_channels, hidden, 1, 1, device, dtype));
        conv2 = RegisterModule("conv2", new BaseConv(hidden * (Kernels.Length + 1), out_channels, 1, 1, device, dtype));
    }

    public override Tensor forward(Tensor x)
    {
        x = conv1.forward(x);
        var maps = new List<Tensor> { x };
        maps.AddRange(Kernels.Select(k => F.max_pool2d(x, k, 1, k / 2)));
        return conv2.forward(cat(maps.ToArray(), 1));
    }
}

/// <summary>
/// YOLOX's Focus stem: the four pixel phases (top-left, bottom-left, top-right, bottom-right) stacked as
/// channels (space to depth), then a BaseConv.
/// </summary>
public sealed class Focus : TorchSupport.nn.ExplicitModule
{
    public BaseConv conv { get; }

    public Focus(long in_channels, long out_channels, long ksize, long stride, Device? device = null, ScalarType dtype = ScalarType.Float32) : base(nameof(Focus))
    {
        conv = RegisterModule("conv", new BaseConv(in_channels * 4, out_channels, ksize, stride, device, dtype));
    }

    public override Tensor forward(Tensor x)
    {
        long h = x.shape[2], w = x.shape[3];
        Tensor Phase(long dy, long dx) => x.slice(2, dy, h, 2).slice(3, dx, w, 2);
        return conv.forward(cat(new[] { Phase(0, 0), Phase(1, 0), Phase(0, 1), Phase(1, 1) }, 1));
    }
}
