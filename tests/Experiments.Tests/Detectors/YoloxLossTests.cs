using Ablation.Experiments.Detectors.Yolox;
using Xunit;
using static TorchSharp.torch;

namespace Ablation.Experiments.Tests.Detectors;

/// <summary>
/// YOLOX's loss and SimOTA against tests/reference/yolox_loss_ref.py (fixtures/detectors/yolox_loss.safetensors;
/// that script agrees with Megvii's own get_losses to the last bit, see yolox_loss_crosscheck.py): the training
/// decode, each image's assignment (foreground anchors, matched gt, IoU, dynamic k), the loss, its components and
/// its gradient with respect to the raw maps, in float64 within 1e-5 of the reference's scale. Then a case small
/// enough to derive by hand.
/// </summary>
public class YoloxLossTests
{
    private static readonly double[] Strides = { 8, 16, 32 };

    /// <summary>The fixture's cases (yolox_loss_ref.py CASES): name and whether the L1 term is on.</summary>
    public static TheoryData<string, bool> Cases() => new() { { "nc3", false }, { "nc3-l1", true }, { "nc1-l1", true } };

    private static readonly Lazy<Dictionary<string, Tensor>> Fixture =
        new(() => DetectorReference.Load(Path.Combine(DetectorReference.FixtureDir, "yolox_loss.safetensors")));

    [Fact]
    public void TheFixtureHoldsExactlyTheListedCases()
    {
        var inFile = Fixture.Value.Keys.Where(k => k.EndsWith(".loss", StringComparison.Ordinal)).Select(k => k[..^".loss".Length]).Order();
        Assert.Equal(Cases().Select(c => (string)c[0]).Order(), inFile);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void LossComponentsAssignmentAndGradientsEqualTheReference(string name, bool useL1)
    {
        using var scope = NewDisposeScope();
        var f = Fixture.Value;
        var heads = Enumerable.Range(0, 3).Select(i => f[$"{name}.heads.{i}"].clone().requires_grad_(true)).ToArray();
        long nc = heads[0].shape[1] - 5;
        var loss = new YoloxLoss(nc, Strides, useL1);
        var ((l, items), assignments) = loss.ComputeWithAssignments(heads, f[$"{name}.targets"]);

        DetectorReference.Close(f[$"{name}.decoded"], YoloxTrainOutputs.Decode(heads, Strides).Outputs, $"{name}: training decode");
        long conflicts = 0;
        for (int b = 0; b < heads[0].shape[0]; b++)
        {
            var a = assignments[b];
            var fg = f[$"{name}.assign.{b}.fg"];
            if (a is null)
            {
                Assert.Equal(0, fg.shape[0]);
                continue;
            }
            Assert.Equal(fg.data<long>().ToArray(), a.Foreground.nonzero().flatten().data<long>().ToArray());
            Assert.Equal(f[$"{name}.assign.{b}.gt"].data<long>().ToArray(), a.MatchedGt.data<long>().ToArray());
            Assert.Equal(f[$"{name}.assign.{b}.k"].data<long>().ToArray(), a.DynamicK.data<long>().ToArray());
            DetectorReference.Close(f[$"{name}.assign.{b}.iou"], a.MatchedIou, $"{name}: image {b} matched IoU");
            conflicts += a.Conflicts.item<long>();
        }
        Assert.Equal(f[$"{name}.conflicts"].item<long>(), conflicts);
        DetectorReference.Close(f[$"{name}.loss"], l, $"{name}: loss");
        DetectorReference.Close(f[$"{name}.items"], items, $"{name}: items");
        l.backward();
        for (int i = 0; i < 3; i++)
            DetectorReference.Close(f[$"{name}.grad.{i}"], heads[i].grad!, $"{name}: d loss / d heads.{i}");
    }

    /// <summary>The trainer's maps are channels-last (<see cref="TorchSupport.MemoryLayout"/>); the layout changes no value.</summary>
    [Fact]
    public void ChannelsLastMapsGiveTheReferenceLossAndGradients()
    {
        using var scope = NewDisposeScope();
        var f = Fixture.Value;
        var heads = Enumerable.Range(0, 3).Select(i => TorchSupport.MemoryLayout.ChannelsLast(f[$"nc3-l1.heads.{i}"].clone()).requires_grad_(true)).ToArray();
        Assert.True(TorchSupport.MemoryLayout.IsChannelsLast(heads[0]));
        var (l, items) = new YoloxLoss(3, Strides, useL1: true).Compute(heads, f["nc3-l1.targets"]);
        DetectorReference.Close(f["nc3-l1.items"], items, "channels-last items");
        l.backward();
        for (int i = 0; i < 3; i++)
            DetectorReference.Close(f[$"nc3-l1.grad.{i}"], heads[i].grad!, $"channels-last d loss / d heads.{i}");
    }

    /// <summary>
    /// One level (stride 8, a 4 x 4 grid: input 32 px, anchor centres at 4, 12, 20, 28), one class, all obj and cls
    /// logits 0, and one gt: centre (16, 16), 16 x 16 px (x and y 8..24). Raw regression per cell (x, y):
    /// A (1, 1) = (1, 1, ln 2, ln 2): box (16, 16, 16 x 16), the gt itself, IoU 1;
    /// B (2, 2) = (0, -0.5, ln 2, 0): box (16, 12, 16 x 8) inside the gt, IoU 128 / 256 = 0.5;
    /// C (1, 2) = (1, 0, ln 2, ln 0.5): box (16, 16, 16 x 4), IoU 64 / 256 = 0.25;
    /// D (0, 0) = (2, 2, ln 2, ln 2): the gt itself again, IoU 1, but its anchor centre (4, 4) is outside the box;
    /// every other cell (0.5, 0.5, ln 1/8, ln 1/8): a 1 x 1 px box at its anchor centre, IoU 1/256 for G (2, 1)
    /// whose centre (20, 12) is inside the gt, 0 for the eleven whose centre has a coordinate 4 or 28.
    /// <para>Candidates: the centre region 16 +- 2.5 * 8 = (-4, 36) holds all 16 anchors. In box and centre: the
    /// four with centres at 12 or 20, i.e. A, B, C, G. Dynamic k: the ten largest IoUs sum to
    /// 1 + 1 + 0.5 + 0.25 + 1/256 = 2.754, so k = 2. Costs: the class term is BCE(sqrt(0.5 * 0.5), 1) = ln 2 for
    /// every anchor; A ln 2 + 3 (-ln(1 + 1e-8)) = 0.693, B ln 2 + 3 ln 2 = 2.773, C ln 2 + 3 ln 4 = 4.852,
    /// G ln 2 + 3 ln 256 = 17.33, D ln 2 + 1e5 (outside the box), the rest above 1e5. The two cheapest are A
    /// (anchor 1 * 4 + 1 = 5) and B (anchor 2 * 4 + 2 = 10): D's perfect box loses to the geometry penalty.</para>
    /// <para>Loss, num_fg = 2: iou 5 * ((1 - 1^2) + (1 - 0.5^2)) / 2 = 1.875; obj: every logit 0 costs ln 2 whatever
    /// its target, 16 ln 2 / 2 = 8 ln 2; cls likewise 2 ln 2 / 2 = ln 2 (targets 1 * 1 and 1 * 0.5). L1 targets:
    /// A (16/8 - 1, 16/8 - 1, ln 2, ln 2) equals its regression; B (0, 0, ln 2, ln 2) against (0, -0.5, ln 2, 0):
    /// 0.5 + ln 2, halved: 0.5966.</para>
    /// </summary>
    private static (Tensor Heads, Tensor Targets) HandCase()
    {
        var h = zeros(new long[] { 1, 6, 4, 4 }, ScalarType.Float64);
        h[0, 0] = full(new long[] { 4, 4 }, 0.5, ScalarType.Float64);
        h[0, 1] = full(new long[] { 4, 4 }, 0.5, ScalarType.Float64);
        h[0, 2] = full(new long[] { 4, 4 }, Math.Log(1.0 / 8), ScalarType.Float64);
        h[0, 3] = full(new long[] { 4, 4 }, Math.Log(1.0 / 8), ScalarType.Float64);
        void Cell(int x, int y, double tx, double ty, double tw, double th)
        {
            h[0, 0, y, x] = tensor(tx, ScalarType.Float64);
            h[0, 1, y, x] = tensor(ty, ScalarType.Float64);
            h[0, 2, y, x] = tensor(tw, ScalarType.Float64);
            h[0, 3, y, x] = tensor(th, ScalarType.Float64);
        }
        double ln2 = Math.Log(2);
        Cell(1, 1, 1, 1, ln2, ln2);           // A
        Cell(2, 2, 0, -0.5, ln2, 0);          // B
        Cell(1, 2, 1, 0, ln2, Math.Log(0.5)); // C
        Cell(0, 0, 2, 2, ln2, ln2);           // D
        var targets = tensor(new double[] { 0, 0, 0.5, 0.5, 0.5, 0.5 }, new long[] { 1, 6 }, ScalarType.Float64);
        return (h, targets);
    }

    [Fact]
    public void HandCaseMatchesTheTwoCheapestAnchorsInsideTheBox()
    {
        using var scope = NewDisposeScope();
        var (h, targets) = HandCase();
        var ((_, _), assignments) = new YoloxLoss(1, new double[] { 8 }).ComputeWithAssignments(new[] { h }, targets);
        var a = assignments[0]!;
        Assert.Equal(new long[] { 2 }, a.DynamicK.data<long>().ToArray());
        Assert.Equal(new long[] { 5, 10 }, a.Foreground.nonzero().flatten().data<long>().ToArray());
        Assert.Equal(new long[] { 0, 0 }, a.MatchedGt.data<long>().ToArray());
        var iou = a.MatchedIou.data<double>().ToArray();
        Assert.Equal(1.0, iou[0], 12);
        Assert.Equal(0.5, iou[1], 12);
        Assert.Equal(0, a.Conflicts.item<long>());
    }

    /// <summary>A training step assigns every image of its batch: the intermediates of one must be gone when it returns.</summary>
    [Fact]
    public void AnAssignmentLeavesOnlyItsFiveResults()
    {
        using var scope = NewDisposeScope();
        var g = new TorchSharp.torch.Generator(3);
        long side = 16, anchors = side * side, classes = 80;
        var cell = arange(anchors, ScalarType.Int64);
        var gridX = (cell % side).to(ScalarType.Float32);
        var gridY = (cell / side).to(ScalarType.Float32);
        var stride = full(anchors, 8f);
        var gt = tensor(new float[] { 40, 40, 30, 30, 90, 70, 40, 20, 20, 100, 16, 16 }, new long[] { 3, 4 });
        var gtClasses = tensor(new long[] { 0, 5, 79 });
        var boxes = cat(new[] { rand(new[] { anchors, 2 }, generator: g) * 128, rand(new[] { anchors, 2 }, generator: g) * 40 + 4 }, 1);
        var clsLogits = randn(new[] { anchors, classes }, generator: g);
        var objLogits = randn(new[] { anchors }, generator: g);
        long before = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var a = SimOta.Assign(gt, gtClasses, boxes, clsLogits, objLogits, gridX, gridY, stride, classes);
        Assert.Equal(before + 5, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        Assert.True(a.Foreground.any().item<bool>()); // a real assignment, not an empty one
    }

    [Fact]
    public void HandCaseLossIsDerivedByHand()
    {
        using var scope = NewDisposeScope();
        var (h, targets) = HandCase();
        double ln2 = Math.Log(2);
        var (l, items) = new YoloxLoss(1, new double[] { 8 }).Compute(new[] { h }, targets);
        var v = items.data<double>().ToArray();
        Assert.Equal(1.875, v[0], 9);
        Assert.Equal(8 * ln2, v[1], 9);
        Assert.Equal(ln2, v[2], 9);
        Assert.Equal(0.0, v[3]);
        Assert.Equal(new[] { 2.0, 1.0 }, v[4..]);
        Assert.Equal(1.875 + 9 * ln2, l.item<double>(), 9);
        var (withL1, itemsL1) = new YoloxLoss(1, new double[] { 8 }, useL1: true).Compute(new[] { h }, targets);
        Assert.Equal((0.5 + ln2) / 2, itemsL1.data<double>()[3], 7);
        Assert.Equal(1.875 + 9 * ln2 + (0.5 + ln2) / 2, withL1.item<double>(), 7);
    }

    /// <summary>An image without objects: no foreground, so iou and cls are 0 and obj is the sum of BCE(logit, 0)
    /// over all anchors divided by num_fg clamped to 1: 16 anchors at logit 0 give 16 ln 2.</summary>
    [Fact]
    public void WithoutObjectsOnlyObjectnessLearnsDividedByOne()
    {
        using var scope = NewDisposeScope();
        var (h, _) = HandCase();
        var (l, items) = new YoloxLoss(1, new double[] { 8 }, useL1: true).Compute(new[] { h }, zeros(new long[] { 0, 6 }, ScalarType.Float64));
        var v = items.data<double>().ToArray();
        Assert.Equal(new[] { 0.0, 16 * Math.Log(2), 0.0, 0.0, 0.0, 0.0 }.Select(x => Math.Round(x, 12)), v.Select(x => Math.Round(x, 12)));
        Assert.Equal(16 * Math.Log(2), l.item<double>(), 12);
    }

    [Fact]
    public void MapsOfAnotherClassCountAreRefused()
    {
        var (h, targets) = HandCase();
        var e = Assert.Throws<ArgumentException>(() => new YoloxLoss(3, new double[] { 8 }).Compute(new[] { h }, targets));
        Assert.Contains("1 classes, the loss 3", e.Message);
    }
}
