using Ablation.Experiments.Attention;
using Ablation.Experiments.Detectors;
using Xunit;
using static TorchSharp.torch;

namespace Ablation.Experiments.Tests.Detectors;

/// <summary>
/// The canonical form of an <c>after</c> placement: indices sorted, each once, printed <c>after:[4,6]</c>; the
/// order indices are written in does not change the model, so a matrix may treat them as one run. In the global
/// generator's collection: one test compares the initial weights of two same-seed builds.
/// </summary>
[Collection(GlobalGeneratorCollection.Name)]
public class DetectorPlacementTests
{
    [Theory]
    [InlineData("after:6,4", "after:[4,6]")]
    [InlineData("after: [6, 4]", "after:[4,6]")]
    [InlineData("after:[23, 0, 9]", "after:[0,9,23]")]
    [InlineData("AFTER:8", "after:[8]")]
    [InlineData("Head-In", "head-in")]
    public void ParsedPlacementsPrintTheirCanonicalForm(string text, string canonical)
    {
        var p = DetectorPlacement.Parse(text);
        Assert.Equal(canonical, p.ToString());
        Assert.Equal(p.ToString(), DetectorPlacement.Parse(p.ToString()).ToString());
    }

    [Fact]
    public void LayersAreSortedWhateverOrderTheyAreWrittenIn()
    {
        Assert.Equal(new[] { 4, 6, 17 }, DetectorPlacement.Parse("after:17,6,4").Layers);
        Assert.Equal(new[] { 4, 6, 17 }, DetectorPlacement.OfLayers([6, 17, 4]).Layers);
    }

    [Theory]
    [InlineData("after:4,4", "layer 4 is listed twice; allowed: each layer index once")]
    [InlineData("after:[]", "give at least one layer index")]
    public void DuplicateOrMissingIndicesAreOneLineErrors(string text, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => DetectorPlacement.Parse(text));
        Assert.Contains(message, e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    /// <summary>Written in either order, the same seed gives the same modules with the same initial weights.</summary>
    [Fact]
    public void IndicesWrittenInAnotherOrderBuildTheSameModel()
    {
        Dictionary<string, Tensor> Build(string placement)
        {
            manual_seed(7);
            var spec = new DetectorSpec("yolov5n", new AttentionSpec("se", new Dictionary<string, string>()), placement, Classes: 3,
                ImageSize: 64, Depth: 0.33, Width: 0.0625);
            var model = (nn.Module<Tensor, Tensor>)DetectorFactory.Create(spec);
            return model.state_dict();
        }
        var a = Build("after:6,4");
        var b = Build("after:[4, 6]");
        Assert.Equal(a.Keys, b.Keys);
        Assert.Contains(a.Keys, k => k.StartsWith("model.4.attn.", StringComparison.Ordinal));
        Assert.Contains(a.Keys, k => k.StartsWith("model.6.attn.", StringComparison.Ordinal));
        foreach (var k in a.Keys) Assert.True(a[k].eq(b[k]).all().item<bool>(), k);
    }
}
