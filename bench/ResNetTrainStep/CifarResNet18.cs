using Ablation.TorchSupport.nn;
using TorchSharp;
using static TorchSharp.torch;
using Sequential = TorchSharp.Modules.Sequential;

namespace Ablation.Bench.ResNetTrainStep;

/// <summary>
/// ResNet-18 (He et al. 2016) in torchvision's layout with the CIFAR stem (3x3 stride-1 conv, no max
/// pool), written here with the project's layers (Ablation.TorchSupport.nn) so the benchmark depends on the
/// engine layer alone; bench/peers/resnet18_train_step_torch.py builds the same network.
/// </summary>
internal sealed class CifarResNet18 : ExplicitModule
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly ReLU relu;
    private readonly Sequential layer1, layer2, layer3, layer4;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Linear fc;

    public CifarResNet18(long num_classes = 10) : base(nameof(CifarResNet18))
    {
        conv1 = RegisterModule("conv1", new Conv2d(3, 64, 3, stride: 1, padding: 1, bias: false));
        bn1 = RegisterModule("bn1", new BatchNorm2d(64));
        relu = RegisterModule("relu", new ReLU(inplace: true));
        layer1 = RegisterModule("layer1", Stage(64, 64, 1));
        layer2 = RegisterModule("layer2", Stage(64, 128, 2));
        layer3 = RegisterModule("layer3", Stage(128, 256, 2));
        layer4 = RegisterModule("layer4", Stage(256, 512, 2));
        avgpool = RegisterModule("avgpool", new AdaptiveAvgPool2d(1));
        fc = RegisterModule("fc", new Linear(512, num_classes));
    }

    private static Sequential Stage(long inplanes, long planes, long stride) =>
        nn.Sequential(new BasicBlock(inplanes, planes, stride), new BasicBlock(planes, planes, 1));

    public override Tensor forward(Tensor x)
    {
        x = relu.call(bn1.call(conv1.call(x)));
        x = layer4.call(layer3.call(layer2.call(layer1.call(x))));
        return fc.call(avgpool.call(x).flatten(1));
    }

    private sealed class BasicBlock : ExplicitModule
    {
        private readonly Conv2d conv1, conv2;
        private readonly BatchNorm2d bn1, bn2;
        private readonly ReLU relu;
        private readonly Sequential? downsample;

        public BasicBlock(long inplanes, long planes, long stride) : base(nameof(BasicBlock))
        {
            conv1 = RegisterModule("conv1", new Conv2d(inplanes, planes, 3, stride: stride, padding: 1, bias: false));
            bn1 = RegisterModule("bn1", new BatchNorm2d(planes));
            relu = RegisterModule("relu", new ReLU(inplace: true));
            conv2 = RegisterModule("conv2", new Conv2d(planes, planes, 3, padding: 1, bias: false));
            bn2 = RegisterModule("bn2", new BatchNorm2d(planes));
            if (stride != 1 || inplanes != planes)
                downsample = RegisterModule("downsample",
                    nn.Sequential(new Conv2d(inplanes, planes, 1, stride: stride, bias: false), new BatchNorm2d(planes)));
        }

        public override Tensor forward(Tensor x)
        {
            var identity = downsample is null ? x : downsample.call(x);
            var y = relu.call(bn1.call(conv1.call(x)));
            y = bn2.call(conv2.call(y));
            return relu.call(y.add_(identity));
        }
    }
}
