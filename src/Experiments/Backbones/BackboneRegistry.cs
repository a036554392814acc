using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using Ablation.TorchSupport.nn;

namespace Ablation.Experiments.Backbones;

/// <summary>
/// The backbones by name (DESIGN.md section 4), what `ablate list backbones` prints and what
/// <see cref="ModelFactory"/> builds.
/// </summary>
public static class BackboneRegistry
{
    private const string He2016 = "He et al., \"Deep Residual Learning for Image Recognition\", CVPR 2016";
    private const string He2016Identity = "He et al., \"Identity Mappings in Deep Residual Networks\", ECCV 2016";
    private const string Wrn = "Zagoruyko & Komodakis, \"Wide Residual Networks\", BMVC 2016";
    private const string ResNeXt = "Xie et al., \"Aggregated Residual Transformations for Deep Neural Networks\", CVPR 2017";
    private const string MobileNet = "Sandler et al., \"MobileNetV2: Inverted Residuals and Linear Bottlenecks\", CVPR 2018";

    private static readonly Dictionary<int, (BlockKind Kind, int[] Blocks)> ImageNetDepths = new()
    {
        [18] = (BlockKind.Basic, new[] { 2, 2, 2, 2 }),
        [34] = (BlockKind.Basic, new[] { 3, 4, 6, 3 }),
        [50] = (BlockKind.Bottleneck, new[] { 3, 4, 6, 3 }),
        [101] = (BlockKind.Bottleneck, new[] { 3, 4, 23, 3 }),
        [152] = (BlockKind.Bottleneck, new[] { 3, 8, 36, 3 }),
    };

    private static readonly long[] ImageNetPlanes = { 64, 128, 256, 512 };

    public static IReadOnlyList<BackboneInfo> All { get; } = Create();

    private static List<BackboneInfo> Create()
    {
        var all = new List<BackboneInfo>();
        foreach (var (depth, (kind, blocks)) in ImageNetDepths)
            all.Add(ResNetInfo($"resnet{depth}", "resnet", $"ResNet-{depth}, torchvision layout" +
                    (kind == BlockKind.Bottleneck ? " (\"v1.5\": stride on the 3x3 conv)" : ""), He2016,
                new ResNetLayout(kind, blocks, ImageNetPlanes, 64)));
        foreach (var (depth, (kind, blocks)) in ImageNetDepths.Where(d => d.Value.Kind == BlockKind.Bottleneck))
            all.Add(ResNetInfo($"resnet{depth}-v1", "resnet", $"ResNet-{depth}, original layout (stride on the first 1x1 conv), as the CBAM/BAM/ECA papers measure it",
                He2016, new ResNetLayout(kind, blocks, ImageNetPlanes, 64, StrideOnFirstConv: true)));
        foreach (var depth in new[] { 20, 32, 56, 110 })
        {
            var n = (depth - 2) / 6;
            all.Add(ResNetInfo($"resnet{depth}", "cifar-resnet", $"CIFAR ResNet-{depth}: 3 stages of {n} basic blocks, 16/32/64 channels, option A shortcuts",
                He2016 + ", section 4.2", new ResNetLayout(BlockKind.CifarBasic, new[] { n, n, n }, new long[] { 16, 32, 64 }, 16)));
        }
        all.Add(ResNetInfo("preresnet110", "preresnet", "Pre-activation ResNet-110 for CIFAR: 3 stages of 18 basic blocks, 16/32/64 channels",
            He2016Identity, new ResNetLayout(BlockKind.PreAct, new[] { 18, 18, 18 }, new long[] { 16, 32, 64 }, 16)));
        foreach (var (depth, k) in new[] { (16, 8), (28, 10) })
        {
            var n = (depth - 4) / 6;
            all.Add(ResNetInfo($"wrn{depth}-{k}", "wideresnet", $"WRN-{depth}-{k}: 3 stages of {n} pre-activation blocks, {16 * k}/{32 * k}/{64 * k} channels",
                Wrn, new ResNetLayout(BlockKind.PreAct, new[] { n, n, n }, new long[] { 16 * k, 32 * k, 64 * k }, 16)));
        }
        all.Add(ResNetInfo("resnext50-32x4d", "resnext", "ResNeXt-50 (32x4d), torchvision layout", ResNeXt,
            new ResNetLayout(BlockKind.Bottleneck, new[] { 3, 4, 6, 3 }, ImageNetPlanes, 64, Groups: 32, BaseWidth: 4)));
        all.Add(ResNetInfo("resnext29-8x64d", "resnext", "ResNeXt-29 (8x64d) for CIFAR: 3 stages of 3 bottlenecks, 256/512/1024 channels", ResNeXt,
            new ResNetLayout(BlockKind.Bottleneck, new[] { 3, 3, 3 }, new long[] { 64, 128, 256 }, 64, Groups: 8, BaseWidth: 64)));
        all.Add(new BackboneInfo("mobilenetv2", "mobilenet", "MobileNetV2, torchvision layout, width multiplier `width`", MobileNet,
            MobileNetV2.StageCount, HasWidth: true)
        {
            Build = (classes, inChannels, stem, width, dropout, sites, device) =>
                new MobileNetV2(classes, inChannels, stem, width, dropout, sites, device),
        });
        return all;
    }

    private static BackboneInfo ResNetInfo(string name, string family, string description, string paper, ResNetLayout layout) =>
        new(name, family, description, paper, layout.StageCount, HasWidth: false)
        {
            Build = (classes, inChannels, stem, _, _, sites, device) => new ResNet(layout, classes, inChannels, stem, sites, device),
        };

    public static IEnumerable<string> Names => All.Select(b => b.Name);

    /// <summary>The backbone called <paramref name="name"/>, or an ArgumentException listing the names.</summary>
    public static BackboneInfo Get(string name) =>
        All.FirstOrDefault(b => b.Name == name) ??
        throw new ArgumentException($"backbone: unknown '{name}'; allowed: {string.Join(", ", Names)}");
}
