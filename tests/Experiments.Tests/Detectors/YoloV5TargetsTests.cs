using Ablation.Experiments.Detectors.YoloV5;
using Xunit;
using static TorchSharp.torch;

namespace Ablation.Experiments.Tests.Detectors;

/// <summary>
/// build_targets on one hand-placed target, derived by hand: a 16 x 16 px box centred at (19.2, 35.2) in a 64 x 64
/// image (normalised 0.30, 0.55, 0.25, 0.25) with the default anchors.
/// </summary>
public class YoloV5TargetsTests
{
    private static LevelTargets[] Assign()
    {
        var anchors = tensor(Detect.DefaultAnchors.SelectMany((a, l) => a.Select(v => (float)(v / (8 << l)))).ToArray(), new long[] { 3, 3, 2 });
        var heads = new[] { zeros(new long[] { 1, 3, 8, 8, 8 }), zeros(new long[] { 1, 3, 4, 4, 8 }), zeros(new long[] { 1, 3, 2, 2, 8 }) };
        var targets = tensor(new float[] { 0, 2, 0.30f, 0.55f, 0.25f, 0.25f }, new long[] { 1, 6 });
        return YoloV5Targets.Build(heads, targets, anchors, 4.0);
    }

    /// <summary>
    /// P3 (8 x 8): the box is 2 x 2 cells; every anchor is within ratio 4 (largest 2.06 for 33 x 23 px). The centre
    /// (2.4, 4.4) lies in the left and upper halves of cell (2, 4), and neither neighbour is off the grid, so the
    /// left cell (1, 4) and the upper cell (2, 3) take it too: 3 cells x 3 anchors, grouped by cell.
    /// </summary>
    [Fact]
    public void P3TakesAllAnchorsInItsCellAndTheLeftAndUpperNeighbours()
    {
        var p3 = Assign()[0];
        Assert.Equal(new long[] { 0, 1, 2, 0, 1, 2, 0, 1, 2 }, p3.Anchor.data<long>().ToArray());
        Assert.Equal(new long[] { 2, 2, 2, 1, 1, 1, 2, 2, 2 }, p3.GridX.data<long>().ToArray());
        Assert.Equal(new long[] { 4, 4, 4, 4, 4, 4, 3, 3, 3 }, p3.GridY.data<long>().ToArray());
        Assert.All(p3.Class.data<long>().ToArray(), c => Assert.Equal(2, c));
        var box = p3.Box.data<float>().ToArray();
        Assert.Equal(new[] { 0.4f, 0.4f, 2f, 2f }, box[..4].Select(v => MathF.Round(v, 4)));       // own cell
        Assert.Equal(new[] { 1.4f, 0.4f, 2f, 2f }, box[12..16].Select(v => MathF.Round(v, 4)));    // left cell
        Assert.Equal(new[] { 0.4f, 1.4f, 2f, 2f }, box[24..28].Select(v => MathF.Round(v, 4)));    // upper cell
    }

    /// <summary>P4 (4 x 4): the box is 1 x 1 cell; anchor 2 (59 x 119 px, 3.7 x 7.4 cells) is beyond ratio 4.</summary>
    [Fact]
    public void P4DropsTheTallAnchor()
    {
        var p4 = Assign()[1];
        Assert.Equal(new long[] { 0, 1, 0, 1, 0, 1 }, p4.Anchor.data<long>().ToArray());
        Assert.Equal(new long[] { 1, 1, 0, 0, 1, 1 }, p4.GridX.data<long>().ToArray());
        Assert.Equal(new long[] { 2, 2, 2, 2, 1, 1 }, p4.GridY.data<long>().ToArray());
    }

    /// <summary>P5: half a cell against anchors of 3.6 cells and more: no match at all.</summary>
    [Fact]
    public void P5MatchesNothing() => Assert.Equal(0, Assign()[2].Image.shape[0]);
}
