using Ablation.Experiments.Attention;
using Ablation.Experiments.Backbones;
using Ablation.TorchSupport;
using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;

namespace Ablation.Bench.Attention;

/// <summary>
/// Each attention module's cost where it runs in a ResNet-50: one bottleneck block of the stage (planes =
/// channels / 4, stride 1) followed by the module, on a batch of the stage's feature maps. `none` is the
/// bottleneck alone, so <see cref="RatioToNoneColumn"/> reads "this module makes a block x times slower".
/// Forward runs in eval mode without autograd; forward+backward in train mode, backward of the output's
/// mean into every parameter and the input.
/// </summary>
public class AttentionBenchmarks
{
    /// <summary>Set by Program from the command line before BenchmarkDotNet runs (in-process toolchain).</summary>
    public static int Batch = 2, Threads = 1;

    public static IEnumerable<string> AttentionNames => AttentionRegistry.Names;

    [ParamsSource(nameof(AttentionNames))]
    public string Attention { get; set; } = "none";

    [ParamsSource(nameof(Stages))]
    public int Stage { get; set; }

    public static IEnumerable<int> Stages => StageShape.ResNet50.Select(s => s.Stage);

    private Bottleneck? _block;
    private nn.Module<Tensor, Tensor>? _attention;
    private Tensor? _input;

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.ConfigureThreads(Threads);
        torch.manual_seed(0);
        var shape = StageShape.ResNet50[Stage - 1];
        _block = new Bottleneck(shape.Channels, shape.Channels / Bottleneck.Expansion, 1, 1, 64, false, null);
        _attention = AttentionRegistry.Create(new AttentionSpec(Attention), shape.Channels);
        _input = randn(new long[] { Batch, shape.Channels, shape.Size, shape.Size }).requires_grad_().DetachFromDisposeScope();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _input?.Dispose();
        _attention?.Dispose();
        _block?.Dispose();
    }

    private Tensor Apply(Tensor x)
    {
        var y = _block!.call(x);
        return _attention?.call(y) ?? y;
    }

    [Benchmark(Description = "forward")]
    public void Forward()
    {
        _block!.eval();
        _attention?.eval();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Apply(_input!);
    }

    [Benchmark(Description = "forward+backward")]
    public void ForwardBackward()
    {
        _block!.train();
        _attention?.train();
        using var scope = torch.NewDisposeScope();
        Apply(_input!).mean().backward();
        _block.zero_grad();
        _attention?.zero_grad();
        _input!.grad = null;
    }
}
