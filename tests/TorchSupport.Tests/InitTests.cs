using Ablation.TorchSupport.nn;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Ablation.TorchSupport.Tests;

/// <summary>
/// Seeded default initialisation of our layers, and the nn.init draws the backbones use, are what PyTorch draws
/// after the same manual_seed (fixtures/nn_init.safetensors from tests/reference/nn_init.py): a seeded model is then
/// the same model in both.
/// </summary>
[Collection(SeededCollection.Name)]
public class InitTests
{
    private static void AssertGolden(string key, Tensor t) => Fixtures.AssertClose(key, Fixtures.Load("nn_init.safetensors")[key], t);

    [Fact]
    public void Seeded_conv_layers_match_PyTorch_default_init()
    {
        TorchSharp.torch.manual_seed(0);
        using var conv = new Conv2d(3, 4, 3);
        using var convNoBias = new Conv2d(4, 2, (1, 3), (1, 1), (0, 0), (1, 1), bias: false);
        AssertGolden("conv.weight", conv.weight);
        AssertGolden("conv.bias", conv.bias!);
        AssertGolden("conv_nobias.weight", convNoBias.weight);
        Assert.Null(convNoBias.bias);
    }

    [Fact]
    public void Init_functions_match_PyTorch()
    {
        using var scope = NewDisposeScope();
        TorchSharp.torch.manual_seed(1);
        AssertGolden("kaiming_normal_fan_out_relu",
            TorchSharp.torch.nn.init.kaiming_normal_(zeros(6, 4, 3, 3), mode: TorchSharp.torch.nn.init.FanInOut.FanOut, nonlinearity: TorchSharp.torch.nn.init.NonlinearityType.ReLU));
        AssertGolden("kaiming_uniform_a_sqrt5", TorchSharp.torch.nn.init.kaiming_uniform_(zeros(5, 7), a: Math.Sqrt(5)));
        AssertGolden("normal_0.5_0.01", TorchSharp.torch.nn.init.normal_(zeros(10), 0.5, 0.01));
        AssertGolden("uniform_-2_3", TorchSharp.torch.nn.init.uniform_(zeros(10), -2, 3));
    }

    [Fact]
    public void Layers_can_be_built_on_meta()
    {
        using var conv = new Conv2d(64, 128, 3, device: META);
        Assert.Equal(DeviceType.META, conv.weight.device_type);
        Assert.Equal(new long[] { 128, 64, 3, 3 }, conv.weight.shape);
    }
}
