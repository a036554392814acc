using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using Ablation.TorchSupport.nn;

namespace Ablation.Experiments.Backbones;

/// <summary>
/// Every ResNet-like backbone: stem, stages `layer1..layerK` of residual blocks (the first block of each
/// stage after the first downsamples by 2), for pre-activation networks a last BN + ReLU (`bn`), global
/// average pooling and `fc`. The keys are torchvision's (conv1, bn1, layerN.M.*, downsample.0/1, fc),
/// so torchvision weights load; attention modules add `layerN.M.attn.*`, `attnN.*` and `attn.*`.
/// Stems (DESIGN.md section 4): imagenet = 7x7/2 conv, BN, ReLU, 3x3/2 max pooling; cifar = 3x3/1 conv,
/// BN, ReLU (pre-activation networks: the conv alone, the first block normalises).
/// </summary>
public sealed class ResNet : ExplicitModule
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d? bn1;
    private readonly bool maxpool;
    private readonly Module<Tensor, Tensor>[] layers;
    private readonly BatchNorm2d? bn;
    private readonly Linear fc;
    private readonly Module<Tensor, Tensor>?[] afterStage;
    private readonly Module<Tensor, Tensor>? attn;

    public ResNetLayout Layout { get; }

    internal ResNet(ResNetLayout layout, long classes, long inChannels, string stem, AttentionSites sites, Device? device) : base(nameof(ResNet))
    {
        Layout = layout;
        var preAct = layout.Block == BlockKind.PreAct;
        if (stem == Stems.ImageNet)
        {
            conv1 = RegisterModule("conv1", new Conv2d(inChannels, layout.StemWidth, 7, 2, 3, bias: false, device: device));
            bn1 = RegisterModule("bn1", new BatchNorm2d(layout.StemWidth, device: device));
            maxpool = true;
        }
        else
        {
            conv1 = RegisterModule("conv1", new Conv2d(inChannels, layout.StemWidth, 3, 1, 1, bias: false, device: device));
            if (!preAct) bn1 = RegisterModule("bn1", new BatchNorm2d(layout.StemWidth, device: device));
        }

        var inplanes = layout.StemWidth;
        var stageChannels = new long[layout.StageCount];
        layers = new TorchSharp.Modules.Sequential[layout.StageCount];
        for (var s = 0; s < layout.StageCount; s++)
        {
            var layer = nn.Sequential();
            for (var b = 0; b < layout.Blocks[s]; b++)
            {
                var stride = b == 0 && s > 0 ? 2 : 1;
                var block = NewBlock(layout, inplanes, layout.Planes[s], stride, device);
                block.SetAttention(sites.InBlock(s + 1, block.OutChannels), sites.BlockPosition);
                layer.append(block);
                inplanes = block.OutChannels;
            }
            layers[s] = RegisterModule($"layer{s + 1}", layer);
            stageChannels[s] = inplanes;
        }
        if (preAct) bn = RegisterModule("bn", new BatchNorm2d(inplanes, device: device));
        fc = RegisterModule("fc", new Linear(inplanes, classes, device: device));
        if (device is null || device.type != DeviceType.META) InitWeights();

        afterStage = new Module<Tensor, Tensor>?[layout.StageCount];
        for (var s = 0; s < layout.StageCount; s++)
            afterStage[s] = RegisterModule($"attn{s + 1}", sites.AfterStage(s + 1, layout.StageCount, stageChannels[s]));
        attn = RegisterModule("attn", sites.Final(inplanes));
    }

    private static ResidualBlock NewBlock(ResNetLayout l, long inplanes, long planes, long stride, Device? device) => l.Block switch
    {
        BlockKind.Basic => new BasicBlock(inplanes, planes, stride, device),
        BlockKind.Bottleneck => new Bottleneck(inplanes, planes, stride, l.Groups, l.BaseWidth, l.StrideOnFirstConv, device),
        BlockKind.CifarBasic => new CifarBasicBlock(inplanes, planes, stride, device),
        BlockKind.PreAct => new PreActBlock(inplanes, planes, stride, device),
        _ => throw new ArgumentOutOfRangeException(nameof(l)),
    };

    /// <summary>torchvision's initialisation of the backbone's own convolutions: kaiming normal, fan_out,
    /// ReLU gain (BN starts at weight 1, bias 0). Attention modules keep their own initialisation.</summary>
    private void InitWeights()
    {
        foreach (var (name, m) in named_modules())
            if (m is Conv2d conv && !name.Contains("attn"))
                init.kaiming_normal_(conv.weight, mode: init.FanInOut.FanOut, nonlinearity: init.NonlinearityType.ReLU);
    }

    public override Tensor forward(Tensor input)
    {
        var x = conv1.forward(input);
        if (bn1 != null) x = F.relu(bn1.forward(x));
        if (maxpool) x = F.max_pool2d(x, 3, 2, 1);
        for (var s = 0; s < layers.Length; s++)
        {
            x = layers[s].forward(x);
            if (afterStage[s] != null) x = afterStage[s]!.forward(x);
        }
        if (bn != null) x = F.relu(bn.forward(x));
        if (attn != null) x = attn.forward(x);
        return fc.forward(F.adaptive_avg_pool2d(x, 1).flatten(1));
    }
}
