using Ablation.TorchSupport.nn;
using static TorchSharp.torch;

namespace Ablation.Experiments.Detectors.Yolox;

/// <summary>
/// Megvii's YOLOX (yolox/models/yolox.py): <c>backbone</c> = YOLOPAFPN (CSPDarknet inside as
/// <c>backbone.backbone</c>), <c>head</c> = the decoupled YOLOXHead. YOLOX-s: depth 0.33, width 0.50.
/// Attention goes in by placement name as the <c>attn</c> of the module whose output it attends
/// (<see cref="DetectorPlacement"/>): block <c>backbone.backbone.darkK.&lt;csp&gt;.m.J.attn</c>, stage
/// <c>darkK.attn</c> (K = 2, 3, 4), backbone-end <c>dark5.0.attn</c>, neck-in <c>darkK.attn</c> (K = 3, 4, 5),
/// head-in <c>backbone.{C3_p3, C3_n3, C3_n4}.attn</c>.
/// Ge, Liu, Wang, Li, Sun, "YOLOX: Exceeding YOLO Series in 2021", arXiv:2107.08430.
/// </summary>
public sealed class YoloxModel : ExplicitModule, IDetector
{
    private static readonly long[] InChannels = { 256, 512, 1024 };

    public string Name { get; }
    public long NumClasses { get; }
    public IReadOnlyList<double> Strides => YoloxHead.DefaultStrides;
    public IReadOnlyList<LayerInfo> Layers { get; }
    public IReadOnlyList<string> AttentionSites { get; }
    public YoloPafpn backbone { get; }
    public YoloxHead head { get; }

    public YoloxModel(string name, long num_classes, double depth, double width, DetectorPlacement? placement = null,
        Func<long, nn.Module<Tensor, Tensor>?>? attention = null, Device? device = null, ScalarType dtype = ScalarType.Float32) : base("YOLOX")
    {
        if (num_classes < 1) throw new ArgumentException($"{name}: classes must be at least 1 (got {num_classes})");
        Name = name;
        NumClasses = num_classes;
        backbone = RegisterModule("backbone", new YoloPafpn(depth, width, device, dtype));
        head = RegisterModule("head", new YoloxHead(num_classes, width, InChannels, device, dtype));
        AttentionSites = placement is null || attention is null ? Array.Empty<string>() : Place(placement, attention);
        Layers = TableRows();
    }

    private List<string> Place(DetectorPlacement placement, Func<long, nn.Module<Tensor, Tensor>?> attention)
    {
        var sites = new List<string>();
        var dark = backbone.backbone;
        void At(AttentionHost host, long channels, string site)
        {
            if (attention(channels) is { } a)
            {
                host.Attach(a);
                sites.Add(site);
            }
        }
        static long Out(ModuleSequence s) => s.Items[^1] switch { CspLayer c => c.OutChannels, BaseConv b => b.OutChannels, _ => throw new InvalidOperationException() };
        switch (placement.Name)
        {
            case DetectorPlacement.Block:
                foreach (var (n, stage) in dark.Stages)
                {
                    int csp = stage.Items.Count - 1;
                    var layer = (CspLayer)stage.Items[csp];
                    for (int j = 0; j < layer.Bottlenecks.Count; j++)
                        At(layer.Bottlenecks[j], layer.Bottlenecks[j].conv2.OutChannels, $"backbone.backbone.{n}.{csp}.m.{j}");
                }
                break;
            case DetectorPlacement.Stage:
                foreach (var (n, stage) in dark.Stages.Take(3)) At(stage, Out(stage), $"backbone.backbone.{n}");
                break;
            case DetectorPlacement.BackboneEnd:
                var first = (BaseConv)dark.dark5.Items[0];
                At(first, first.OutChannels, "backbone.backbone.dark5.0");
                break;
            case DetectorPlacement.NeckIn:
                foreach (var (n, stage) in dark.Stages.Skip(1)) At(stage, Out(stage), $"backbone.backbone.{n}");
                break;
            case DetectorPlacement.HeadIn:
                foreach (var (n, csp) in new[] { ("C3_p3", backbone.C3_p3), ("C3_n3", backbone.C3_n3), ("C3_n4", backbone.C3_n4) })
                    At(csp, csp.OutChannels, $"backbone.{n}");
                break;
            default:
                throw new ArgumentException($"{Name}: placement {placement} is YOLOv5's (layer indices); YOLOX takes " +
                    string.Join(", ", DetectorPlacement.Names));
        }
        return sites;
    }

    private List<LayerInfo> TableRows()
    {
        var d = backbone.backbone;
        var rows = new (string From, nn.Module Module, string Name)[]
        {
            ("-1", d.stem, "backbone.backbone.stem"), ("-1", d.dark2, "backbone.backbone.dark2"), ("-1", d.dark3, "backbone.backbone.dark3"),
            ("-1", d.dark4, "backbone.backbone.dark4"), ("-1", d.dark5, "backbone.backbone.dark5"),
            ("dark5", backbone.lateral_conv0, "backbone.lateral_conv0"), ("[up, dark4]", backbone.C3_p4, "backbone.C3_p4"),
            ("-1", backbone.reduce_conv1, "backbone.reduce_conv1"), ("[up, dark3]", backbone.C3_p3, "backbone.C3_p3"),
            ("-1", backbone.bu_conv2, "backbone.bu_conv2"), ("[-1, reduce_conv1]", backbone.C3_n3, "backbone.C3_n3"),
            ("-1", backbone.bu_conv1, "backbone.bu_conv1"), ("[-1, lateral_conv0]", backbone.C3_n4, "backbone.C3_n4"),
            ("[C3_p3, C3_n3, C3_n4]", head, "head"),
        };
        var list = new List<LayerInfo>();
        for (int i = 0; i < rows.Length; i++)
        {
            var (from, m, n) = rows[i];
            var attn = m.named_modules().Where(x => x.name == "attn" || x.name.EndsWith(".attn", StringComparison.Ordinal)).ToList();
            long attnParams = attn.Sum(x => x.module.parameters().Sum(p => p.numel()));
            string label = attn.Count == 0 ? "" : $"{attn[0].module.GetName()} x{attn.Count} ({attnParams})";
            list.Add(new LayerInfo(i, from, 1, m.parameters().Sum(p => p.numel()) - attnParams, n, m.GetName(), label));
        }
        return list;
    }

    public Tensor[] forward_heads(Tensor x) => head.Heads(backbone.Outputs(x));

    public Tensor decode(Tensor[] heads) => YoloxHead.Decode(heads, Strides);

    public override Tensor forward(Tensor x)
    {
        var heads = forward_heads(x);
        return training ? cat(heads.Select(h => h.flatten(2).permute(0, 2, 1)).ToArray(), 1) : decode(heads);
    }
}
