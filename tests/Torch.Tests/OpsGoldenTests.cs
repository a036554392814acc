using Ablation.Torch.Serialization;
using Xunit;

namespace Ablation.Torch.Tests;

/// <summary>
/// Every op against PyTorch, forward and gradient: tests/reference/ops_golden.py runs the same calls in
/// PyTorch and writes inputs, outputs, upstream gradients and input gradients to
/// fixtures/ops_golden.safetensors; here each case runs through our binding and must agree within 1e-5
/// relative (1e-6 absolute near zero). The case names below and in the script must match one to one.
/// </summary>
public class OpsGoldenTests
{
    private const double RelativeTolerance = 1e-5;
    private const double AbsoluteTolerance = 1e-6;

    private delegate Tensor[] Op(Func<string, Tensor> input);

    private static Tensor[] One(Tensor t) => [t];

    private static Op BatchNorm(bool training, double momentum = 0.1, double eps = 1e-5) => I =>
    {
        var rm = I("rm").Clone();
        var rv = I("rv").Clone();
        return [F.batch_norm(I("x"), rm, rv, I("w"), I("b"), training, momentum, eps), rm, rv];
    };

    private static readonly Dictionary<string, Op> Cases = new()
    {
        // layers
        ["conv2d_stride_padding_bias"] = I => One(F.conv2d(I("x"), I("w"), I("b"), stride: 2, padding: 1)),
        ["conv2d_groups_dilation"] = I => One(F.conv2d(I("x"), I("w"), null, stride: 1, padding: 2, dilation: 2, groups: 2)),
        ["conv2d_depthwise_rect"] = I => One(F.conv2d(I("x"), I("w"), null, (2, 1), (1, 0), (1, 1), groups: 4)),
        ["conv1d_eca"] = I => One(F.conv1d(I("x"), I("w"), padding: 1)),
        ["conv1d_stride_groups"] = I => One(F.conv1d(I("x"), I("w"), I("b"), stride: 2, padding: 1, dilation: 1, groups: 2)),
        ["linear"] = I => One(F.linear(I("x"), I("w"), I("b"))),
        ["linear_3d_nobias"] = I => One(F.linear(I("x"), I("w"))),
        ["batch_norm_train"] = BatchNorm(true),
        ["batch_norm_train_momentum"] = BatchNorm(true, 0.3, 1e-3),
        ["batch_norm_eval"] = BatchNorm(false),
        ["batch_norm_1d_train"] = BatchNorm(true),
        ["layer_norm"] = I => One(F.layer_norm(I("x"), [4], I("w"), I("b"), 1e-5)),
        ["group_norm"] = I => One(F.group_norm(I("x"), 3, I("w"), I("b"), 1e-5)),
        ["dropout_eval"] = I => One(F.dropout(I("x"), 0.5, training: false)),
        ["pad_constant"] = I => One(F.pad(I("x"), [1, 2, 0, 1], value: 0.5)),

        // activations
        ["relu"] = I => One(F.relu(I("x"))),
        ["relu6"] = I => One(F.relu6(I("x"))),
        ["silu"] = I => One(F.silu(I("x"))),
        ["hardswish"] = I => One(F.hardswish(I("x"))),
        ["hardsigmoid"] = I => One(F.hardsigmoid(I("x"))),
        ["mish"] = I => One(F.mish(I("x"))),
        ["sigmoid"] = I => One(F.sigmoid(I("x"))),
        ["tanh"] = I => One(F.tanh(I("x"))),
        ["gelu"] = I => One(F.gelu(I("x"))),
        ["leaky_relu"] = I => One(F.leaky_relu(I("x"), 0.2)),
        ["softmax"] = I => One(F.softmax(I("x"), dim: 1)),
        ["softmax_dim0"] = I => One(F.softmax(I("x"), dim: 0)),
        ["log_softmax"] = I => One(F.log_softmax(I("x"), dim: -1)),

        // pooling
        ["max_pool2d_k3s2p1"] = I => One(F.max_pool2d(I("x"), 3, 2, 1)),
        ["max_pool2d_ceil"] = I => One(F.max_pool2d(I("x"), 3, 2, 0, ceil_mode: true)),
        ["max_pool2d_default_stride"] = I => One(F.max_pool2d(I("x"), 2)),
        ["avg_pool2d_k3s2p1"] = I => One(F.avg_pool2d(I("x"), 3, 2, 1)),
        ["avg_pool2d_exclude_pad"] = I => One(F.avg_pool2d(I("x"), 3, 2, 1, count_include_pad: false)),
        ["avg_pool2d_ceil"] = I => One(F.avg_pool2d(I("x"), 2, 2, 0, ceil_mode: true)),
        ["adaptive_avg_pool2d_1"] = I => One(F.adaptive_avg_pool2d(I("x"), 1)),
        ["adaptive_avg_pool2d_3x2"] = I => One(F.adaptive_avg_pool2d(I("x"), (3, 2))),
        ["adaptive_max_pool2d_1"] = I => One(F.adaptive_max_pool2d(I("x"), 1)),
        ["adaptive_max_pool2d_2x3"] = I => One(F.adaptive_max_pool2d(I("x"), (2, 3))),

        // shapes
        ["view"] = I => One(I("x").View(6, -1) * 1),
        ["reshape_noncontiguous"] = I => One(I("x").Transpose(0, 1).Reshape(12) * 1),
        ["permute"] = I => One(I("x").Permute(2, 0, 1).Contiguous()),
        ["transpose"] = I => One(I("x").Transpose(-1, -2).Contiguous()),
        ["flatten"] = I => One(I("x").Flatten(1)),
        ["squeeze_unsqueeze"] = I => [I("x").Squeeze(1).Unsqueeze(0), I("x").Squeeze()],
        ["expand"] = I => One(I("x").Expand(3, 4) * 1),
        ["expand_as"] = I => One(I("x").ExpandAs(I("y")) * I("y")),
        ["repeat"] = I => One(I("x").Repeat(2, 1, 2)),
        ["narrow_select"] = I => [I("x").Narrow(1, 1, 3) * 1, I("x").Select(0, 2) * 1],
        ["index_select_gather"] = I => [I("x").IndexSelect(0, I("i")), I("x").Gather(1, I("j"))],
        ["flip"] = I => One(I("x").Flip(0, 2)),
        ["cat"] = I => One(torch.cat([I("a"), I("b")], 1)),
        ["stack"] = I => One(torch.stack([I("a"), I("b")], 1)),
        ["split_size"] = I => I("x").Split(2, 0).Select(t => t * 1).ToArray(),
        ["split_sizes"] = I => I("x").Split([3, 4], 1).Select(t => t * 1).ToArray(),
        ["chunk"] = I => I("x").Chunk(3, 1).Select(t => t * 1).ToArray(),

        // reductions and selections
        ["sum_all"] = I => One(I("x").Sum()),
        ["sum_dims_keepdim"] = I => One(I("x").Sum([0, 2], keepdim: true)),
        ["mean_all"] = I => One(I("x").Mean()),
        ["mean_dim"] = I => One(I("x").Mean(1)),
        ["mean_hw_keepdim"] = I => One(I("x").Mean([2, 3], keepdim: true)),
        ["var_dim"] = I => [I("x").Var(1), I("x").Var(1, correction: 0, keepdim: true)],
        ["amax_dims"] = I => One(I("x").Amax([1, 2], keepdim: true)),
        ["amin_dim"] = I => One(I("x").Amin(1)),
        ["max_all_min_all"] = I => [I("x").Max(), I("x").Min()],
        ["max_dim_keepdim"] = I => Pair(I("x").Max(1, keepdim: true)),
        ["min_dim"] = I => Pair(torch.min(I("x"), -1)),
        ["argmax"] = I => [I("x").Argmax(1), I("x").Argmax(), I("x").Argmax(0, keepdim: true)],
        ["topk"] = I => Pair(I("x").Topk(2, 1)),
        ["topk_smallest"] = I => Pair(I("x").Topk(3, 0, largest: false)),
        ["cumsum"] = I => One(I("x").Cumsum(1)),

        // arithmetic and math
        ["add_sub_broadcast"] = I => [I("a") + I("b"), I("a") - I("b"), I("a").Add(I("b"), alpha: 2.5), 3 - I("a"), I("a") + 2],
        ["mul_div_broadcast"] = I => [I("a") * I("b"), I("a") / I("b"), I("a") * 3, 2 / I("b"), -I("a")],
        ["pow"] = I => [I("x").Pow(2), I("x").Pow(0.5), I("x").Pow(I("e"))],
        ["sqrt_rsqrt"] = I => [I("x").Sqrt(), I("x").Rsqrt()],
        ["abs_sign"] = I => [I("x").Abs(), I("x").Sign()],
        ["exp_log"] = I => [I("x").Exp(), I("x").Log()],
        ["clamp"] = I => [I("x").Clamp(-1, 1), I("x").Clamp(min: 0.5), I("x").Clamp(max: -0.5)],
        ["maximum_minimum"] = I => [torch.maximum(I("a"), I("b")), torch.minimum(I("a"), I("b"))],
        ["matmul_2d"] = I => One(torch.matmul(I("a"), I("b"))),
        ["matmul_batched_broadcast"] = I => One(torch.matmul(I("a"), I("b"))),
        ["matmul_vector"] = I => One(I("a").Matmul(I("b"))),
        ["bmm"] = I => One(torch.bmm(I("a"), I("b"))),
        ["mm"] = I => One(torch.mm(I("a"), I("b"))),

        // comparison and selection
        ["compare_tensor"] = I => [I("a").Eq(I("b")), I("a").Ne(I("b")), I("a") > I("b"), I("a") < I("b"), I("a") >= I("b"), I("a") <= I("b")],
        ["compare_scalar"] = I => [I("a").Eq(2), I("a").Ne(2), I("a") > 2, I("a") < 2, I("a") >= 2, I("a") <= 2],
        ["where"] = I => One(torch.where(I("c"), I("a"), I("b"))),
        ["where_scalar_other"] = I => One(torch.where(I("c"), I("a"), 0.0)),
        ["where_scalars"] = I => One(torch.where(I("c"), 1.5, -2.0)),
        ["one_hot"] = I => One(F.one_hot(I("t"), 4)),

        // losses
        ["cross_entropy_mean"] = I => One(F.cross_entropy(I("x"), I("t"))),
        ["cross_entropy_label_smoothing"] = I => One(F.cross_entropy(I("x"), I("t"), label_smoothing: 0.1)),
        ["cross_entropy_sum"] = I => One(F.cross_entropy(I("x"), I("t"), reduction: "sum")),
        ["cross_entropy_none_smoothing"] = I => One(F.cross_entropy(I("x"), I("t"), reduction: "none", label_smoothing: 0.2)),
        ["cross_entropy_ignore_index"] = I => One(F.cross_entropy(I("x"), I("t"))),
        ["cross_entropy_probabilities"] = I => One(F.cross_entropy(I("x"), I("p"))),
        ["cross_entropy_spatial"] = I => One(F.cross_entropy(I("x"), I("t"))),
        ["nll_loss"] = I => One(F.nll_loss(F.log_softmax(I("x"), 1), I("t"))),
        ["nll_loss_sum"] = I => One(F.nll_loss(I("x"), I("t"), reduction: "sum")),
        ["mse_loss"] = I => One(F.mse_loss(I("x"), I("y"))),
        ["bce_with_logits"] = I => One(F.binary_cross_entropy_with_logits(I("x"), I("y"))),

        // in place: the mutated copy of `a`
        ["add_"] = I => One(I("a").Clone().Add_(I("b"), alpha: -0.5)),
        ["add_scalar_"] = I => One(I("a").Clone().Add_(1.5)),
        ["sub_"] = I => One(I("a").Clone().Sub_(I("b"), alpha: 2)),
        ["mul_"] = I => One(I("a").Clone().Mul_(I("b")).Mul_(0.5)),
        ["div_"] = I => One(I("a").Clone().Div_(I("b")).Div_(4)),
        ["addcmul_"] = I => One(I("a").Clone().Addcmul_(I("b"), I("c"), value: 0.1)),
        ["addcdiv_"] = I => One(I("a").Clone().Addcdiv_(I("b"), I("c"), value: -0.01)),
        ["lerp_"] = I => One(I("a").Clone().Lerp_(I("b"), 0.1)),
        ["sqrt_"] = I => One(I("a").Clone().Sqrt_()),
        ["pow_"] = I => One(I("a").Clone().Pow_(3)),
        ["clamp_"] = I => One(I("a").Clone().Clamp_(-0.5, 0.5)),
        ["fill_"] = I => One(I("a").Clone().Fill_(0.25)),
        ["zero_"] = I => One(I("a").Clone().Zero_()),
        ["copy_"] = I => One(I("a").Clone().Copy_(I("b"))),
        ["relu_"] = I => One(I("a").Clone().Relu_()),
    };

    private static Tensor[] Pair((Tensor values, Tensor indices) r) => [r.values, r.indices];

    private static readonly Lazy<IReadOnlyDictionary<string, Tensor>> Golden = new(() =>
    {
        var loaded = Safetensors.Load(Fixtures.Path("ops_golden.safetensors"));
        foreach (var t in loaded.Values) DisposeScope.Detach(t);
        return loaded;
    });

    private static IEnumerable<string> FixtureCases() =>
        Golden.Value.Keys.Where(k => k.EndsWith(".out.0")).Select(k => k[..^".out.0".Length]).Order();

    public static TheoryData<string> CaseNames() => new(FixtureCases());

    [Fact]
    public void EveryFixtureCaseHasAnImplementationHereAndViceVersa()
    {
        Assert.Equal(FixtureCases(), Cases.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void MatchesPyTorch(string name)
    {
        torch.set_num_threads(1);
        using var scope = torch.NewScope();
        var golden = Golden.Value;
        string prefix = name + ".";
        var inputs = new Dictionary<string, Tensor>();
        foreach (var (key, t) in golden.Where(kv => kv.Key.StartsWith(prefix + "in.")))
        {
            var inputName = key[(prefix.Length + 3)..];
            var copy = t.Clone();
            if (golden.ContainsKey(prefix + "grad." + inputName)) copy.RequiresGrad_();
            inputs[inputName] = copy;
        }

        var outputs = Cases[name](k => inputs.TryGetValue(k, out var t) ? t : throw new KeyNotFoundException($"{name}: no input '{k}' in the fixture"));

        int expectedCount = golden.Keys.Count(k => k.StartsWith(prefix + "out."));
        Assert.Equal(expectedCount, outputs.Length);
        Tensor? loss = null;
        for (int i = 0; i < outputs.Length; i++)
        {
            AssertClose($"{name} output {i}", golden[$"{prefix}out.{i}"], outputs[i]);
            if (golden.TryGetValue($"{prefix}gout.{i}", out var gout))
            {
                var term = (outputs[i] * gout).Sum();
                loss = loss is null ? term : loss + term;
            }
        }
        if (loss is null) return;
        loss.Backward();
        foreach (var (inputName, t) in inputs)
            if (golden.TryGetValue($"{prefix}grad.{inputName}", out var grad))
                AssertClose($"{name} gradient of {inputName}", grad, t.Grad ?? throw new Xunit.Sdk.XunitException($"{name}: no gradient for {inputName}"));
    }

    private static void AssertClose(string what, Tensor expected, Tensor actual)
    {
        Assert.True(expected.DType == actual.DType, $"{what}: dtype {actual.DType}, PyTorch gives {expected.DType}");
        Assert.True(expected.Shape.SequenceEqual(actual.Shape),
            $"{what}: shape [{string.Join(", ", actual.Shape)}], PyTorch gives [{string.Join(", ", expected.Shape)}]");
        var e = expected.To(DType.Float64).ToArray<double>();
        var a = actual.Detach().To(DType.Float64).ToArray<double>();
        for (int i = 0; i < e.Length; i++)
        {
            double tolerance = RelativeTolerance * Math.Max(Math.Abs(e[i]), Math.Abs(a[i])) + AbsoluteTolerance;
            if (!(Math.Abs(e[i] - a[i]) <= tolerance))
                Assert.Fail($"{what}: element {i} is {a[i]:R}, PyTorch gives {e[i]:R}");
        }
    }
}
