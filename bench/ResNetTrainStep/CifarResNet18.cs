using Ablation.Torch;
using Ablation.Torch.nn;

namespace Ablation.Bench.ResNetTrainStep;

/// <summary>
/// ResNet-18 (He et al. 2016) in torchvision's layout with the CIFAR stem (3x3 stride-1 conv, no max
/// pool), written here so the benchmark depends on the binding alone; bench/peers/resnet18_train_step_torch.py
/// builds the same network.
/// </summary>
internal sealed class CifarResNet18 : Module
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly ReLU relu = new(inplace: true);
    private readonly Sequential layer1, layer2, layer3, layer4;
    private readonly AdaptiveAvgPool2d avgpool = new(1);
    private readonly Linear fc;

    public CifarResNet18(long num_classes = 10)
    {
        conv1 = RegisterModule("conv1", new Conv2d(3, 64, 3, stride: 1, padding: 1, bias: false));
        bn1 = RegisterModule("bn1", new BatchNorm2d(64));
        layer1 = RegisterModule("layer1", Stage(64, 64, 1));
        layer2 = RegisterModule("layer2", Stage(64, 128, 2));
        layer3 = RegisterModule("layer3", Stage(128, 256, 2));
        layer4 = RegisterModule("layer4", Stage(256, 512, 2));
        fc = RegisterModule("fc", new Linear(512, num_classes));
    }

    private static Sequential Stage(long inplanes, long planes, long stride) =>
        new(new BasicBlock(inplanes, planes, stride), new BasicBlock(planes, planes, 1));

    public override Tensor Forward(Tensor x)
    {
        x = relu.Forward(bn1.Forward(conv1.Forward(x)));
        x = layer4.Forward(layer3.Forward(layer2.Forward(layer1.Forward(x))));
        return fc.Forward(avgpool.Forward(x).Flatten(1));
    }

    private sealed class BasicBlock : Module
    {
        private readonly Conv2d conv1, conv2;
        private readonly BatchNorm2d bn1, bn2;
        private readonly ReLU relu = new(inplace: true);
        private readonly Sequential? downsample;

        public BasicBlock(long inplanes, long planes, long stride)
        {
            conv1 = RegisterModule("conv1", new Conv2d(inplanes, planes, 3, stride: stride, padding: 1, bias: false));
            bn1 = RegisterModule("bn1", new BatchNorm2d(planes));
            conv2 = RegisterModule("conv2", new Conv2d(planes, planes, 3, padding: 1, bias: false));
            bn2 = RegisterModule("bn2", new BatchNorm2d(planes));
            downsample = RegisterModule("downsample", stride != 1 || inplanes != planes
                ? new Sequential(new Conv2d(inplanes, planes, 1, stride: stride, bias: false), new BatchNorm2d(planes))
                : null);
        }

        public override Tensor Forward(Tensor x)
        {
            var identity = downsample is null ? x : downsample.Forward(x);
            var y = relu.Forward(bn1.Forward(conv1.Forward(x)));
            y = bn2.Forward(conv2.Forward(y));
            return relu.Forward(y.Add_(identity));
        }
    }
}
