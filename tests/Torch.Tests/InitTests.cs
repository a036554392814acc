using Ablation.Torch.nn;
using Xunit;

namespace Ablation.Torch.Tests;

/// <summary>Seeded default initialisation and nn.init draw what PyTorch draws (fixtures/nn_init.safetensors).</summary>
[Collection(SeededCollection.Name)]
public class InitTests
{
    private static void AssertGolden(string key, Tensor t) => NnFixtures.AssertClose(key, NnFixtures.Load("nn_init.safetensors")[key], t);

    [Fact]
    public void SeededConvLayersMatchPyTorchDefaultInit()
    {
        torch.manual_seed(0);
        using var conv = new Conv2d(3, 4, 3);
        using var convNoBias = new Conv2d(4, 2, (1, 3), bias: false);
        AssertGolden("conv.weight", conv.weight);
        AssertGolden("conv.bias", conv.bias!);
        AssertGolden("conv_nobias.weight", convNoBias.weight);
        Assert.Null(convNoBias.bias);
    }

    [Fact]
    public void InitFunctionsMatchPyTorch()
    {
        using var scope = torch.NewScope();
        torch.manual_seed(1);
        AssertGolden("kaiming_normal_fan_out_relu", init.kaiming_normal_(torch.zeros(6, 4, 3, 3), mode: "fan_out", nonlinearity: "relu"));
        AssertGolden("kaiming_uniform_a_sqrt5", init.kaiming_uniform_(torch.zeros(5, 7), a: Math.Sqrt(5)));
        AssertGolden("normal_0.5_0.01", init.normal_(torch.zeros(10), 0.5, 0.01));
        AssertGolden("uniform_-2_3", init.uniform_(torch.zeros(10), -2, 3));
    }

    [Fact]
    public void ConstantFillsAndBadArguments()
    {
        using var scope = torch.NewScope();
        var t = torch.zeros(2, 3).RequiresGrad_();
        Assert.All(init.constant_(t, 0.25).ToArray<float>(), v => Assert.Equal(0.25f, v));
        Assert.All(init.ones_(t).ToArray<float>(), v => Assert.Equal(1f, v));
        Assert.All(init.zeros_(t).ToArray<float>(), v => Assert.Equal(0f, v));
        Assert.Throws<ArgumentException>(() => init.kaiming_normal_(t, mode: "fan_middle"));
        Assert.Throws<ArgumentException>(() => init.kaiming_normal_(torch.zeros(3)));
        Assert.Equal(Math.Sqrt(2), init.calculate_gain("relu"), 12);
    }

    [Fact]
    public void LayersCanBeBuiltOnMeta()
    {
        using var conv = new Conv2d(64, 128, 3, device: Device.Meta);
        Assert.Equal(Device.Meta, conv.weight.Device);
        Assert.Equal(new long[] { 128, 64, 3, 3 }, conv.weight.Shape);
    }
}
