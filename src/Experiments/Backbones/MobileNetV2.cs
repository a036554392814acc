using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using Ablation.TorchSupport.nn;

namespace Ablation.Experiments.Backbones;

/// <summary>
/// MobileNetV2 (Sandler et al., CVPR 2018) with torchvision's structure and keys (`features.N.*`,
/// `classifier.1.*`) and its width multiplier (channels rounded by _make_divisible to multiples of 8).
/// Stages for placements are its resolutions: features 2-3 (stride 4), 4-6 (8), 7-13 (16), 14-17 (32);
/// features 0-1 are the stem and 18 the last 1x1 conv, after which `final` applies. The cifar stem
/// uses stride 1 in the first conv and in the first stride-2 row (c = 24), as kuangliu/pytorch-cifar.
/// </summary>
public sealed class MobileNetV2 : ExplicitModule
{
    // t (expansion), c (channels), n (repeats), s (stride of the first): the paper's Table 2.
    private static readonly (int T, int C, int N, int S)[] Rows =
        { (1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1) };

    /// <summary>The features indices of each stage (1-based stage number -> first and last index).</summary>
    internal static readonly (int First, int Last)[] StageRanges = { (2, 3), (4, 6), (7, 13), (14, 17) };

    public const int StageCount = 4;

    private readonly TorchSharp.Modules.Sequential features;
    private readonly TorchSharp.Modules.Sequential classifier;
    private readonly Module<Tensor, Tensor>?[] afterStage = new Module<Tensor, Tensor>?[StageCount];
    private readonly Module<Tensor, Tensor>? attn;

    internal MobileNetV2(long classes, long inChannels, string stem, double widthMult, double dropout,
        AttentionSites sites, Device? device) : base(nameof(MobileNetV2))
    {
        var cifar = stem == Stems.Cifar;
        var inputChannel = MakeDivisible(32 * widthMult);
        var lastChannel = MakeDivisible(1280 * Math.Max(1.0, widthMult));
        features = nn.Sequential();
        features.append(Layers.ConvBnRelu6(inChannels, inputChannel, 3, cifar ? 1 : 2, 1, device));
        var stageChannels = new long[StageCount];
        for (var r = 0; r < Rows.Length; r++)
        {
            var (t, c, n, s) = Rows[r];
            var outputChannel = MakeDivisible(c * widthMult);
            for (var i = 0; i < n; i++)
            {
                var stride = i == 0 ? (cifar && c == 24 ? 1 : s) : 1;
                var block = new InvertedResidual(inputChannel, outputChannel, stride, t, device);
                var index = features.Count;
                var stage = StageOf(index);
                if (stage > 0)
                {
                    var channels = sites.BlockPosition == Placement.Block ? block.HiddenChannels : block.OutChannels;
                    var attention = sites.BlockPosition == Placement.Block && !block.Expands ? null : sites.InBlock(stage, channels);
                    block.SetAttention(attention, sites.BlockPosition);
                    stageChannels[stage - 1] = outputChannel;
                }
                features.append(block);
                inputChannel = outputChannel;
            }
        }
        features.append(Layers.ConvBnRelu6(inputChannel, lastChannel, 1, 1, 1, device));
        RegisterModule("features", features);
        classifier = RegisterModule("classifier", nn.Sequential(new Dropout(dropout), new Linear(lastChannel, classes, device: device)));
        if (device is null || device.type != DeviceType.META) InitWeights();

        for (var s = 0; s < StageCount; s++)
            afterStage[s] = RegisterModule($"attn{s + 1}", sites.AfterStage(s + 1, StageCount, stageChannels[s]));
        attn = RegisterModule("attn", sites.Final(lastChannel));
    }

    /// <summary>The stage (1-4) of features[index], 0 for the stem and the last conv.</summary>
    internal static int StageOf(int index)
    {
        for (var s = 0; s < StageRanges.Length; s++)
            if (index >= StageRanges[s].First && index <= StageRanges[s].Last) return s + 1;
        return 0;
    }

    /// <summary>torchvision's _make_divisible (from the TensorFlow original): the nearest multiple of 8,
    /// at least 8, never more than 10% below <paramref name="v"/>.</summary>
    internal static long MakeDivisible(double v, long divisor = 8)
    {
        var newV = Math.Max(divisor, (long)(v + divisor / 2.0) / divisor * divisor);
        if (newV < 0.9 * v) newV += divisor;
        return newV;
    }

    /// <summary>torchvision's initialisation: convs kaiming normal (fan_out), linear normal(0, 0.01) with
    /// zero bias, BN weight 1 and bias 0. Attention modules keep their own.</summary>
    private void InitWeights()
    {
        foreach (var (name, m) in named_modules())
        {
            if (name.Contains("attn")) continue;
            if (m is Conv2d conv)
            {
                init.kaiming_normal_(conv.weight, mode: init.FanInOut.FanOut);
                if (conv.bias is not null) init.zeros_(conv.bias);
            }
            else if (m is Linear linear)
            {
                init.normal_(linear.weight, 0, 0.01);
                if (linear.bias is not null) init.zeros_(linear.bias);
            }
        }
    }

    public override Tensor forward(Tensor input)
    {
        var x = input;
        for (var i = 0; i < features.Count; i++)
        {
            x = features[i].call(x);
            var stage = StageOf(i);
            if (stage > 0 && i == StageRanges[stage - 1].Last && afterStage[stage - 1] != null)
                x = afterStage[stage - 1]!.forward(x);
        }
        if (attn != null) x = attn.forward(x);
        return classifier.forward(F.adaptive_avg_pool2d(x, 1).flatten(1));
    }
}
