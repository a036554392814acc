using Ablation.Experiments.Attention;
using Ablation.Experiments.Backbones;
using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using Xunit;

namespace Ablation.Experiments.Tests.Backbones;

/// <summary>
/// Every impossible combination of backbone, placement and model options is an ArgumentException whose
/// one-line message names the backbone, the placement and why, before anything is built.
/// </summary>
public class BackbonePlacementErrorTests
{
    private static readonly AttentionSpec Se = new("se");

    public static TheoryData<ModelSpec, string> Impossible() => new()
    {
        { new ModelSpec("resnet18", Se, "inside"), "unknown placement" },
        { new ModelSpec("resnet18", Se, "block", new[] { 5 }), "stages [5] do not exist" },
        { new ModelSpec("resnet20", Se, "block", new[] { 4 }), "stages [4] do not exist" },
        { new ModelSpec("mobilenetv2", Se, "post", new[] { 0 }), "stages [0] do not exist" },
        { new ModelSpec("resnet18", Se, "block", Array.Empty<int>()), "stages is empty" },
        { new ModelSpec("resnet50", Se, "stage", new[] { 4 }), "leave no site" },
        { new ModelSpec("wrn28-10", Se, "stage", new[] { 3 }), "leave no site" },
        { new ModelSpec("resnet50", Se, "final", new[] { 2, 3 }), "final attention follows the last stage (4)" },
        { new ModelSpec("preresnet110", Se, "final", new[] { 1 }), "final attention follows the last stage (3)" },
        { new ModelSpec("resnet50", Se, Width: 0.5), "has no width multiplier" },
        { new ModelSpec("mobilenetv2", Se, Width: 0), "width must be a positive number" },
        { new ModelSpec("resnet18", Se, Stem: "tiny"), "unknown stem 'tiny'" },
        { new ModelSpec("resnet18", Se, Classes: 0), "classes must be at least 1" },
        { new ModelSpec("resnet18", Se, InChannels: 0), "in_channels must be at least 1" },
        { new ModelSpec("resnet18", Se, ImageSize: 0), "input size must be at least 1" },
    };

    [Theory]
    [MemberData(nameof(Impossible))]
    public void ImpossibleCombinationsNameBackbonePlacementAndWhy(ModelSpec spec, string why)
    {
        var e = Assert.Throws<ArgumentException>(() => ModelFactory.Validate(spec));
        Assert.Contains($"backbone {spec.Backbone}", e.Message);
        Assert.Contains($"placement {spec.Placement}", e.Message);
        Assert.Contains(why, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Throws<ArgumentException>(() => ModelFactory.Create(spec, META));
    }

    [Fact]
    public void AnUnknownBackboneListsTheKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelFactory.Validate(new ModelSpec("resnet19", Se)));
        Assert.Contains("unknown 'resnet19'", e.Message);
        Assert.Contains("resnet18", e.Message);
        Assert.Contains("mobilenetv2", e.Message);
    }

    [Theory]
    [InlineData("resnet18", "stage", new[] { 1, 4 })]
    [InlineData("resnet50", "final", new[] { 4 })]
    [InlineData("mobilenetv2", "block", new[] { 1 })]
    [InlineData("mobilenetv2", "final", null)]
    public void PossibleCombinationsValidate(string backbone, string placement, int[]? stages) =>
        ModelFactory.Validate(new ModelSpec(backbone, AttentionSpec.None, placement, stages));
}
