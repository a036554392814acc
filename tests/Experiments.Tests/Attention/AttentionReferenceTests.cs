using Ablation.Experiments.Attention;
using Ablation.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;
using Xunit;

namespace Ablation.Experiments.Tests.Attention;

/// <summary>
/// Every attention module against its PyTorch reference (tests/reference/attention_ref.py): the same
/// weights moved through safetensors, the same input; output, gradients of the input and of every
/// parameter, and the state after the pass (running statistics) equal within 1e-5 relative, in train
/// and in eval mode. The state-dict keys and the parameter count must equal the reference's.
/// </summary>
public sealed class AttentionReferenceTests : IClassFixture<AttentionReferenceFixture>
{
    private readonly AttentionReferenceFixture fixture;

    public AttentionReferenceTests(AttentionReferenceFixture fixture) => this.fixture = fixture;

    public static IEnumerable<object[]> CaseIds => AttentionReferenceFixture.Cases.Select(c => new object[] { c.Id });

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Outputs_and_gradients_equal_the_reference(string id)
    {
        var c = AttentionReferenceFixture.Cases.Single(x => x.Id == id);
        using var scope = torch.NewDisposeScope();
        var golden = StateDicts.Read(fixture.PathOf(id));
        using var module = AttentionRegistry.Create(new AttentionSpec(c.Module, c.Options), c.Channels)!;
        if (c.Float64) module.to(ScalarType.Float64);

        var initial = golden.Where(kv => kv.Key.StartsWith("weights.", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key["weights.".Length..], kv => kv.Value);
        Assert.Equal(initial.Keys.Order(StringComparer.Ordinal), module.state_dict().Keys.Order(StringComparer.Ordinal));
        Assert.Equal(golden["param_count"].item<long>(), module.parameters().Sum(p => p.numel()));

        foreach (var mode in new[] { "train", "eval" })
        {
            StateDicts.Load(module, initial);
            module.train(mode == "train");
            module.zero_grad();
            var input = golden["input"].clone().requires_grad_();
            var output = module.forward(input);
            (output * golden["grad_output"]).sum().backward();

            AssertClose(golden[$"{mode}.output"], output, $"{id} {mode}: output");
            AssertClose(golden[$"{mode}.grad.input"], input.grad!, $"{id} {mode}: grad of input");
            foreach (var (name, p) in module.named_parameters())
                AssertClose(golden[$"{mode}.grad.{name}"], p.grad ?? torch.zeros_like(p), $"{id} {mode}: grad of {name}");
            foreach (var (key, value) in module.state_dict())
                AssertClose(golden[$"{mode}.state.{key}"], value, $"{id} {mode}: {key} after the pass");
        }
    }

    /// <summary>
    /// |actual - expected| &lt;= 1e-5 |expected| + 1e-6 max(1, max|expected|), element-wise, same shape. The
    /// absolute floor covers gradients that are zero in exact arithmetic and float32 rounding noise in both
    /// implementations (a conv bias in front of a training-mode BN: ~1e-7).
    /// </summary>
    internal static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        Assert.True(expected.shape.SequenceEqual(actual.shape),
            $"{what}: shape [{string.Join(", ", actual.shape)}], reference [{string.Join(", ", expected.shape)}]");
        var e = expected.to(ScalarType.Float64).data<double>().ToArray();
        var a = actual.detach().to(ScalarType.Float64).data<double>().ToArray();
        var scale = e.Length == 0 ? 1 : Math.Max(1, e.Max(Math.Abs));
        for (var i = 0; i < e.Length; i++)
        {
            var tolerance = 1e-5 * Math.Abs(e[i]) + 1e-5 * scale;
            Assert.True(Math.Abs(a[i] - e[i]) <= tolerance, $"{what}: element {i} is {a[i]:R}, reference {e[i]:R}");
        }
    }
}
