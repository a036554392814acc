using Ablation.Experiments.Attention;
using Ablation.Experiments.Detectors;
using Ablation.TorchSupport;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Ablation.Experiments.Tests.Detectors;

/// <summary>
/// The detection trainer feeds its model channels-last batches (<see cref="MemoryLayout.ChannelsLast"/>). Layout
/// must never change a value: every attention module at every placement of both families gives the same training
/// outputs and gradients from a channels-last batch as from a contiguous one (float64, so any difference beyond
/// rounding is a layout bug, such as a view that reads memory in the wrong order).
/// </summary>
public class ChannelsLastTests
{
    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string> { { "yolov5n", "none", "block" }, { "yolox-s", "none", "block" } };
        foreach (var (model, attention, placement) in DetectorAttentionTests.EveryModuleAtEveryPlacement()
                     .Select(row => ((string)row[0], (string)row[1], (string)row[2])))
            data.Add(model, attention, placement);
        return data;
    }

    [Fact]
    public void The_layout_is_channels_last_with_the_same_shape_and_values()
    {
        using var scope = NewDisposeScope();
        var x = randn(2, 3, 5, 7);
        var y = MemoryLayout.ChannelsLast(x);
        Assert.Equal(x.shape, y.shape);
        Assert.True(MemoryLayout.IsChannelsLast(y));
        Assert.False(MemoryLayout.IsChannelsLast(x));
        Assert.True(x.eq(y).all().item<bool>());
        var flat = x.flatten(1);
        Assert.Same(flat, MemoryLayout.ChannelsLast(flat)); // only 4-D batches change layout
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Outputs_and_gradients_do_not_depend_on_the_batch_layout(string model, string attention, string placement)
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        var spec = new AttentionSpec(attention, new Dictionary<string, string>());
        var detector = DetectorRegistry.Create(model, 3, DetectorPlacement.Parse(placement), c =>
        {
            var m = AttentionRegistry.Create(spec, c);
            m?.to(ScalarType.Float64);
            return m;
        }, width: 0.0625, dtype: ScalarType.Float64);
        using var net = (nn.Module<Tensor, Tensor>)detector;
        net.train();
        var input = randn(new long[] { 2, 3, 64, 64 }, ScalarType.Float64);
        var weights = detector.forward_heads(input).Select(h => randn_like(h)).ToArray();

        (Tensor[] Heads, Tensor InputGrad, Tensor[] ParamGrads) Run(Tensor batch)
        {
            net.zero_grad();
            var x = batch.detach().requires_grad_(true);
            var heads = detector.forward_heads(x);
            heads.Zip(weights, (h, w) => (h * w).sum()).Aggregate((a, b) => a + b).backward();
            return (heads.Select(h => h.detach()).ToArray(), x.grad!.clone(),
                net.parameters().Select(p => p.grad is null ? zeros(1, ScalarType.Float64) : p.grad.clone()).ToArray());
        }

        var contiguous = Run(input.contiguous());
        var channelsLast = Run(MemoryLayout.ChannelsLast(input));
        for (int i = 0; i < weights.Length; i++) Close(contiguous.Heads[i], channelsLast.Heads[i], $"head {i}");
        Close(contiguous.InputGrad, channelsLast.InputGrad, "input gradient");
        for (int i = 0; i < contiguous.ParamGrads.Length; i++) Close(contiguous.ParamGrads[i], channelsLast.ParamGrads[i], $"parameter {i} gradient");
    }

    private static void Close(Tensor expected, Tensor actual, string what)
    {
        double scale = Math.Max(1.0, expected.abs().max().item<double>());
        double diff = (expected - actual).abs().max().item<double>();
        Assert.True(diff <= 1e-9 * scale, $"{what}: max difference {diff:G3} (scale {scale:G3})");
    }
}
