using Xunit;

namespace Ablation.Torch.Tests;

/// <summary>Ops whose values are random: checked by their defining properties and by seeding.</summary>
[Collection(SeededCollection.Name)]
public class RandomOpsTests
{
    [Fact]
    public void DropoutZeroesAboutPAndScalesSurvivorsByOneOverOneMinusP()
    {
        using var scope = torch.NewScope();
        torch.manual_seed(3);
        var x = torch.ones([20000], requires_grad: true);
        var y = F.dropout(x, p: 0.3, training: true);
        var v = y.Detach().ToArray<float>();
        double zeros = v.Count(e => e == 0) / (double)v.Length;
        Assert.InRange(zeros, 0.28, 0.32);
        Assert.All(v.Where(e => e != 0), e => Assert.Equal(1 / 0.7f, e, 5));
        // The gradient is the same mask and scale.
        y.Sum().Backward();
        Assert.Equal(v, x.Grad!.ToArray<float>());
        Assert.Equal(v.Length, F.dropout(x, 0.3, training: false).Detach().ToArray<float>().Count(e => e == 1));
    }

    [Fact]
    public void ManualSeedMakesRandomOpsRepeatable()
    {
        using var scope = torch.NewScope();
        torch.manual_seed(42);
        var a = (torch.randn(5), torch.randperm(7), F.dropout(torch.ones(8), 0.5));
        torch.manual_seed(42);
        var b = (torch.randn(5), torch.randperm(7), F.dropout(torch.ones(8), 0.5));
        Assert.True(a.Item1.Equal(b.Item1));
        Assert.True(a.Item2.Equal(b.Item2));
        Assert.True(a.Item3.Equal(b.Item3));
    }
}
