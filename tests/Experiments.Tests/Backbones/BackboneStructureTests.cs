using Ablation.Experiments.Attention;
using Ablation.Experiments.Backbones;
using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using Ablation.TorchSupport.nn;
using Xunit;

namespace Ablation.Experiments.Tests.Backbones;

/// <summary>
/// State-dict keys and shapes, parameter counts and attention sites of every backbone equal the PyTorch
/// reference's (torchvision's own modules where torchvision has the family), from the committed fixture
/// tests/reference/fixtures/backbones_keys.json (`backbones_ref.py keys-all`). Models are built on meta.
/// </summary>
public class BackboneStructureTests
{
    public static TheoryData<string> AllBackbones()
    {
        var data = new TheoryData<string>();
        foreach (var b in BackboneReference.Backbones) data.Add(b);
        return data;
    }

    [Fact]
    public void TheRegistryHasExactlyTheBackbonesOfTheDesign() =>
        Assert.Equal(BackboneReference.Backbones.OrderBy(s => s), BackboneRegistry.Names.OrderBy(s => s));

    [Theory]
    [MemberData(nameof(AllBackbones))]
    public void StateDictKeysAndShapesEqualTheReference(string backbone)
    {
        using var model = ModelFactory.Create(new ModelSpec(backbone, AttentionSpec.None), META);
        var expected = BackboneReference.Entry(backbone, "224").GetProperty("keys").EnumerateArray().Select(e => e.GetString()!).ToList();
        var actual = StateDicts.Ordered(model).Select(kv => $"{kv.Key}:{string.Join(",", kv.Value.shape.ToArray())}").ToList();
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(AllBackbones))]
    public void ParameterCountsEqualTheReference(string backbone)
    {
        foreach (var (size, classes) in new[] { (224L, 1000L), (32L, 10L) })
        {
            using var model = ModelFactory.Create(new ModelSpec(backbone, AttentionSpec.None, Classes: classes, ImageSize: size), META);
            var expected = BackboneReference.Entry(backbone, size.ToString()).GetProperty("params").GetInt64();
            Assert.Equal(expected, model.parameters().Sum(p => p.numel()));
        }
    }

    [Theory]
    [MemberData(nameof(AllBackbones))]
    public void AttentionSitesAndTheirInputShapesEqualTheReference(string backbone)
    {
        var sites = BackboneReference.Entry(backbone, "224").GetProperty("sites");
        foreach (var placement in sites.EnumerateObject())
        {
            var parts = placement.Name.Split(':');
            int[]? stages = parts[1].Length == 0 ? null : parts[1].Split(',').Select(int.Parse).ToArray();
            var calls = new List<Probe>();
            var spec = new ModelSpec(backbone, new AttentionSpec("probe"), parts[0], stages);
            using var model = ModelFactory.Build(spec, META, c => new Probe(c, META, calls), dropout: null);
            model.eval();
            using (var scope = torch.NewDisposeScope())
            using (torch.no_grad())
                model.forward(torch.zeros(new long[] { 1, 3, 224, 224 }, device: META));
            var names = model.named_modules().Where(m => m.module is Probe).ToDictionary(m => (Probe)m.module, m => m.name);
            var actual = calls.Select(p => $"{names[p]}:{string.Join(",", p.Seen!.Skip(1))}").ToList();
            var expected = placement.Value.EnumerateArray().Select(e => e.GetString()!).ToList();
            Assert.True(expected.SequenceEqual(actual),
                $"{backbone} {placement.Name}: expected [{string.Join(" ", expected)}] got [{string.Join(" ", actual)}]");
        }
    }

    [Theory]
    [InlineData("resnet50", "block")]
    [InlineData("resnet50-v1", "stage")]
    [InlineData("mobilenetv2", "block")]
    [InlineData("wrn16-8", "final")]
    public void BackboneWeightsLoadIntoAModelWithAttentionWhoseKeysAreTheOnlyMissingOnes(string backbone, string placement)
    {
        using var plain = ModelFactory.Create(new ModelSpec(backbone, AttentionSpec.None), META);
        using var withAttention = ModelFactory.Build(new ModelSpec(backbone, new AttentionSpec("probe"), placement), META,
            c => new Probe(c, META), dropout: null);
        var result = StateDicts.Load(withAttention, plain.state_dict(), strict: false);
        Assert.Empty(result.UnexpectedKeys);
        Assert.NotEmpty(result.MissingKeys);
        Assert.All(result.MissingKeys, k => Assert.Matches(@"(^|\.)attn\d*\.", k));
    }
}
