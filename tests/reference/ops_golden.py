"""Golden values of every engine op (forward and gradient) from PyTorch, for tests/Torch.Tests/OpsGoldenTests.cs.

Each case: named inputs (float inputs require grad unless listed in `no_grad`), a function, its outputs.
For the float outputs a random upstream gradient `gout` is drawn and the gradients of the inputs under
sum(out_i * gout_i) are stored. Keys in the fixture file:
    <case>.in.<input>   <case>.out.<i>   <case>.gout.<i>   <case>.grad.<input>
The C# test holds the same case names with the same calls through our binding and compares within
1e-5 relative (plus 1e-6 absolute for values near zero).

Run with Debian's PyTorch:  /usr/bin/python3 tests/reference/ops_golden.py
"""
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safetensors_io import save  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Torch.Tests", "fixtures")

torch.set_num_threads(1)
torch.manual_seed(20260101)
CASES = []


def case(name, inputs, fn, no_grad=()):
    CASES.append((name, inputs, fn, set(no_grad)))


def r(*shape):
    return torch.randn(*shape)


def pos(*shape):
    return torch.rand(*shape) + 0.5


def idx(high, *shape):
    return torch.randint(0, high, shape)


# ---- layers ---------------------------------------------------------------------------------------------
case("conv2d_stride_padding_bias", dict(x=r(2, 3, 7, 7), w=r(4, 3, 3, 3), b=r(4)),
     lambda x, w, b: F.conv2d(x, w, b, stride=2, padding=1))
case("conv2d_groups_dilation", dict(x=r(1, 4, 9, 9), w=r(4, 2, 3, 3)),
     lambda x, w: F.conv2d(x, w, None, stride=1, padding=2, dilation=2, groups=2))
case("conv2d_depthwise_rect", dict(x=r(2, 4, 6, 5), w=r(4, 1, 3, 1)),
     lambda x, w: F.conv2d(x, w, None, stride=(2, 1), padding=(1, 0), groups=4))
case("conv1d_eca", dict(x=r(2, 1, 10), w=r(1, 1, 3)), lambda x, w: F.conv1d(x, w, padding=1))
case("conv1d_stride_groups", dict(x=r(2, 4, 9), w=r(6, 2, 3), b=r(6)),
     lambda x, w, b: F.conv1d(x, w, b, stride=2, padding=1, dilation=1, groups=2))
case("linear", dict(x=r(3, 5), w=r(4, 5), b=r(4)), F.linear)
case("linear_3d_nobias", dict(x=r(2, 3, 5), w=r(4, 5)), lambda x, w: F.linear(x, w))


def bn(training, momentum=0.1, eps=1e-5):
    def fn(x, w, b, rm, rv):
        rm, rv = rm.clone(), rv.clone()
        y = F.batch_norm(x, rm, rv, w, b, training=training, momentum=momentum, eps=eps)
        return y, rm, rv
    return fn


case("batch_norm_train", dict(x=r(4, 3, 5, 5) * 2 + 1, w=r(3), b=r(3), rm=r(3), rv=pos(3)), bn(True), no_grad=("rm", "rv"))
case("batch_norm_train_momentum", dict(x=r(4, 3, 2, 2), w=r(3), b=r(3), rm=r(3), rv=pos(3)), bn(True, 0.3, 1e-3),
     no_grad=("rm", "rv"))
case("batch_norm_eval", dict(x=r(4, 3, 5, 5), w=r(3), b=r(3), rm=r(3), rv=pos(3)), bn(False), no_grad=("rm", "rv"))
case("batch_norm_1d_train", dict(x=r(6, 5), w=r(5), b=r(5), rm=r(5), rv=pos(5)), bn(True), no_grad=("rm", "rv"))
case("layer_norm", dict(x=r(2, 3, 4), w=r(4), b=r(4)), lambda x, w, b: F.layer_norm(x, [4], w, b, 1e-5))
case("group_norm", dict(x=r(2, 6, 3, 3), w=r(6), b=r(6)), lambda x, w, b: F.group_norm(x, 3, w, b, 1e-5))
case("dropout_eval", dict(x=r(3, 4)), lambda x: F.dropout(x, 0.5, training=False))
case("pad_constant", dict(x=r(1, 2, 3, 3)), lambda x: F.pad(x, [1, 2, 0, 1], value=0.5))

# ---- activations ----------------------------------------------------------------------------------------
for act in ["relu", "relu6", "silu", "hardswish", "hardsigmoid", "mish", "sigmoid", "tanh", "gelu"]:
    case(act, dict(x=r(3, 9) * 4), getattr(F, act))
case("leaky_relu", dict(x=r(3, 9)), lambda x: F.leaky_relu(x, 0.2))
case("softmax", dict(x=r(3, 5)), lambda x: F.softmax(x, dim=1))
case("softmax_dim0", dict(x=r(3, 5)), lambda x: F.softmax(x, dim=0))
case("log_softmax", dict(x=r(3, 5) * 3), lambda x: F.log_softmax(x, dim=-1))

# ---- pooling --------------------------------------------------------------------------------------------
case("max_pool2d_k3s2p1", dict(x=r(2, 3, 8, 8)), lambda x: F.max_pool2d(x, 3, 2, 1))
case("max_pool2d_ceil", dict(x=r(1, 2, 8, 8)), lambda x: F.max_pool2d(x, 3, 2, 0, ceil_mode=True))
case("max_pool2d_default_stride", dict(x=r(1, 2, 6, 6)), lambda x: F.max_pool2d(x, 2))
case("avg_pool2d_k3s2p1", dict(x=r(2, 3, 8, 8)), lambda x: F.avg_pool2d(x, 3, 2, 1))
case("avg_pool2d_exclude_pad", dict(x=r(2, 3, 8, 8)), lambda x: F.avg_pool2d(x, 3, 2, 1, count_include_pad=False))
case("avg_pool2d_ceil", dict(x=r(1, 2, 7, 7)), lambda x: F.avg_pool2d(x, 2, 2, 0, ceil_mode=True))
case("adaptive_avg_pool2d_1", dict(x=r(2, 3, 5, 5)), lambda x: F.adaptive_avg_pool2d(x, 1))
case("adaptive_avg_pool2d_3x2", dict(x=r(1, 2, 7, 5)), lambda x: F.adaptive_avg_pool2d(x, (3, 2)))
case("adaptive_max_pool2d_1", dict(x=r(2, 3, 5, 5)), lambda x: F.adaptive_max_pool2d(x, 1))
case("adaptive_max_pool2d_2x3", dict(x=r(1, 2, 7, 5)), lambda x: F.adaptive_max_pool2d(x, (2, 3)))

# ---- shapes ---------------------------------------------------------------------------------------------
case("view", dict(x=r(2, 3, 4)), lambda x: x.view(6, -1) * 1)
case("reshape_noncontiguous", dict(x=r(3, 4)), lambda x: x.t().reshape(12) * 1)
case("permute", dict(x=r(2, 3, 4)), lambda x: x.permute(2, 0, 1).contiguous())
case("transpose", dict(x=r(2, 3, 4)), lambda x: x.transpose(-1, -2).contiguous())
case("flatten", dict(x=r(2, 3, 2, 2)), lambda x: x.flatten(1))
case("squeeze_unsqueeze", dict(x=r(2, 1, 3)), lambda x: (x.squeeze(1).unsqueeze(0), x.squeeze()))
case("expand", dict(x=r(3, 1)), lambda x: x.expand(3, 4) * 1)
case("expand_as", dict(x=r(2, 3, 1, 1), y=r(2, 3, 4, 4)), lambda x, y: x.expand_as(y) * y)
case("repeat", dict(x=r(2, 3)), lambda x: x.repeat(2, 1, 2))
case("narrow_select", dict(x=r(4, 5)), lambda x: (x.narrow(1, 1, 3) * 1, x.select(0, 2) * 1))
case("index_select_gather", dict(x=r(4, 5), i=torch.tensor([3, 0, 3]), j=idx(5, 4, 2)),
     lambda x, i, j: (x.index_select(0, i), x.gather(1, j)))
case("flip", dict(x=r(2, 3, 4)), lambda x: x.flip(0, 2))
case("cat", dict(a=r(2, 3), b=r(2, 2)), lambda a, b: torch.cat([a, b], 1))
case("stack", dict(a=r(2, 3), b=r(2, 3)), lambda a, b: torch.stack([a, b], 1))
case("split_size", dict(x=r(5, 3)), lambda x: tuple(t * 1 for t in x.split(2, 0)))
case("split_sizes", dict(x=r(2, 7)), lambda x: tuple(t * 1 for t in x.split([3, 4], 1)))
case("chunk", dict(x=r(2, 7)), lambda x: tuple(t * 1 for t in x.chunk(3, 1)))

# ---- reductions and selections -------------------------------------------------------------------------
case("sum_all", dict(x=r(3, 4)), lambda x: x.sum())
case("sum_dims_keepdim", dict(x=r(2, 3, 4)), lambda x: x.sum((0, 2), keepdim=True))
case("mean_all", dict(x=r(3, 4)), lambda x: x.mean())
case("mean_dim", dict(x=r(2, 3, 4)), lambda x: x.mean(1))
case("mean_hw_keepdim", dict(x=r(2, 3, 4, 4)), lambda x: x.mean((2, 3), keepdim=True))
case("var_dim", dict(x=r(3, 6)), lambda x: (x.var(1), x.var(1, unbiased=False, keepdim=True)))
case("amax_dims", dict(x=r(2, 3, 4)), lambda x: x.amax((1, 2), keepdim=True))
case("amin_dim", dict(x=r(2, 3, 4)), lambda x: x.amin(1))
case("max_all_min_all", dict(x=r(3, 4)), lambda x: (x.max(), x.min()))
case("max_dim_keepdim", dict(x=r(2, 3, 4)), lambda x: tuple(torch.max(x, 1, keepdim=True)))
case("min_dim", dict(x=r(2, 3, 4)), lambda x: tuple(torch.min(x, -1)))
case("argmax", dict(x=r(3, 5)), lambda x: (x.argmax(1), x.argmax(), x.argmax(0, keepdim=True)))
case("topk", dict(x=r(3, 6)), lambda x: tuple(x.topk(2, 1)))
case("topk_smallest", dict(x=r(3, 6)), lambda x: tuple(x.topk(3, 0, largest=False)))
case("cumsum", dict(x=r(2, 5)), lambda x: x.cumsum(1))

# ---- arithmetic and math -------------------------------------------------------------------------------
case("add_sub_broadcast", dict(a=r(2, 3), b=r(3)), lambda a, b: (a + b, a - b, torch.add(a, b, alpha=2.5), 3 - a, a + 2))
case("mul_div_broadcast", dict(a=r(2, 3), b=pos(2, 1)), lambda a, b: (a * b, a / b, a * 3, 2 / b, -a))
case("pow", dict(x=pos(2, 3), e=r(2, 3)), lambda x, e: (x.pow(2), x.pow(0.5), x.pow(e)))
case("sqrt_rsqrt", dict(x=pos(2, 3)), lambda x: (x.sqrt(), x.rsqrt()))
case("abs_sign", dict(x=r(2, 5)), lambda x: (x.abs(), x.sign()))
case("exp_log", dict(x=pos(2, 3)), lambda x: (x.exp(), x.log()))
case("clamp", dict(x=r(3, 5) * 2), lambda x: (x.clamp(-1, 1), x.clamp(min=0.5), x.clamp(max=-0.5)))
case("maximum_minimum", dict(a=r(2, 4), b=r(2, 4)), lambda a, b: (torch.maximum(a, b), torch.minimum(a, b)))
case("matmul_2d", dict(a=r(3, 4), b=r(4, 5)), torch.matmul)
case("matmul_batched_broadcast", dict(a=r(2, 3, 4), b=r(4, 5)), torch.matmul)
case("matmul_vector", dict(a=r(3, 4), b=r(4)), torch.matmul)
case("bmm", dict(a=r(2, 3, 4), b=r(2, 4, 2)), torch.bmm)
case("mm", dict(a=r(3, 4), b=r(4, 2)), torch.mm)

# ---- comparison and selection ---------------------------------------------------------------------------
cmp_a, cmp_b = torch.tensor([[1.0, 2.0, 3.0], [4.0, 2.0, 0.0]]), torch.tensor([[1.0, 3.0, 2.0], [4.0, 1.0, 0.5]])
case("compare_tensor", dict(a=cmp_a, b=cmp_b),
     lambda a, b: (a.eq(b), a.ne(b), a.gt(b), a.lt(b), a.ge(b), a.le(b)), no_grad=("a", "b"))
case("compare_scalar", dict(a=cmp_a), lambda a: (a.eq(2), a.ne(2), a.gt(2), a.lt(2), a.ge(2), a.le(2)), no_grad=("a",))
case("where", dict(c=r(3, 4) > 0, a=r(3, 4), b=r(3, 4)), lambda c, a, b: torch.where(c, a, b))
case("where_scalar_other", dict(c=r(3, 4) > 0, a=r(3, 4)), lambda c, a: torch.where(c, a, torch.tensor(0.0)))
case("where_scalars", dict(c=r(3, 4) > 0), lambda c: torch.where(c, torch.tensor(1.5), torch.tensor(-2.0)))
case("one_hot", dict(t=torch.tensor([0, 2, 1, 2])), lambda t: F.one_hot(t, 4))

# ---- losses ---------------------------------------------------------------------------------------------
case("cross_entropy_mean", dict(x=r(5, 4), t=idx(4, 5)), lambda x, t: F.cross_entropy(x, t))
case("cross_entropy_label_smoothing", dict(x=r(5, 4), t=idx(4, 5)), lambda x, t: F.cross_entropy(x, t, label_smoothing=0.1))
case("cross_entropy_sum", dict(x=r(5, 4), t=idx(4, 5)), lambda x, t: F.cross_entropy(x, t, reduction="sum"))
case("cross_entropy_none_smoothing", dict(x=r(5, 4), t=idx(4, 5)),
     lambda x, t: F.cross_entropy(x, t, reduction="none", label_smoothing=0.2))
case("cross_entropy_ignore_index", dict(x=r(5, 4), t=torch.tensor([0, -100, 3, 1, -100])), lambda x, t: F.cross_entropy(x, t))
case("cross_entropy_probabilities", dict(x=r(3, 4), p=torch.softmax(r(3, 4), 1)), lambda x, p: F.cross_entropy(x, p),
     no_grad=("p",))
case("cross_entropy_spatial", dict(x=r(2, 3, 2, 2), t=idx(3, 2, 2, 2)), lambda x, t: F.cross_entropy(x, t))
case("nll_loss", dict(x=r(5, 4), t=idx(4, 5)), lambda x, t: F.nll_loss(F.log_softmax(x, 1), t))
case("nll_loss_sum", dict(x=r(5, 4), t=idx(4, 5)), lambda x, t: F.nll_loss(x, t, reduction="sum"))
case("mse_loss", dict(x=r(3, 4), y=r(3, 4)), lambda x, y: F.mse_loss(x, y), no_grad=("y",))
case("bce_with_logits", dict(x=r(3, 4), y=torch.rand(3, 4)), lambda x, y: F.binary_cross_entropy_with_logits(x, y),
     no_grad=("y",))


# ---- in place (no autograd; results of the mutated tensor) ---------------------------------------------------
def inplace(fn):
    def run(a, *rest):
        with torch.no_grad():
            a = a.clone()
            fn(a, *rest)
            return a
    return run


ng = ("a", "b", "c")
case("add_", dict(a=r(2, 3), b=r(2, 3)), inplace(lambda a, b: a.add_(b, alpha=-0.5)), no_grad=ng)
case("add_scalar_", dict(a=r(2, 3)), inplace(lambda a: a.add_(1.5)), no_grad=ng)
case("sub_", dict(a=r(2, 3), b=r(2, 3)), inplace(lambda a, b: a.sub_(b, alpha=2)), no_grad=ng)
case("mul_", dict(a=r(2, 3), b=r(3)), inplace(lambda a, b: a.mul_(b).mul_(0.5)), no_grad=ng)
case("div_", dict(a=r(2, 3), b=pos(2, 3)), inplace(lambda a, b: a.div_(b).div_(4)), no_grad=ng)
case("addcmul_", dict(a=r(2, 3), b=r(2, 3), c=r(2, 3)), inplace(lambda a, b, c: a.addcmul_(b, c, value=0.1)), no_grad=ng)
case("addcdiv_", dict(a=r(2, 3), b=r(2, 3), c=pos(2, 3)), inplace(lambda a, b, c: a.addcdiv_(b, c, value=-0.01)), no_grad=ng)
case("lerp_", dict(a=r(2, 3), b=r(2, 3)), inplace(lambda a, b: a.lerp_(b, 0.1)), no_grad=ng)
case("sqrt_", dict(a=pos(2, 3)), inplace(lambda a: a.sqrt_()), no_grad=ng)
case("pow_", dict(a=pos(2, 3)), inplace(lambda a: a.pow_(3)), no_grad=ng)
case("clamp_", dict(a=r(2, 3)), inplace(lambda a: a.clamp_(-0.5, 0.5)), no_grad=ng)
case("fill_", dict(a=r(2, 3)), inplace(lambda a: a.fill_(0.25)), no_grad=ng)
case("zero_", dict(a=r(2, 3)), inplace(lambda a: a.zero_()), no_grad=ng)
case("copy_", dict(a=r(2, 3), b=r(3)), inplace(lambda a, b: a.copy_(b)), no_grad=ng)
case("relu_", dict(a=r(2, 3)), inplace(lambda a: a.relu_()), no_grad=ng)


def run_case(name, inputs, fn, no_grad, out):
    ins = {}
    for k, v in inputs.items():
        v = v.clone()
        if v.is_floating_point() and k not in no_grad:
            v.requires_grad_(True)
        ins[k] = v
        out[f"{name}.in.{k}"] = v.detach()
    result = fn(*ins.values())  # inputs in declaration order
    outs = list(result) if isinstance(result, (tuple, list)) else [result]
    loss = None
    for i, o in enumerate(outs):
        out[f"{name}.out.{i}"] = o.detach()
        if o.requires_grad:
            g = torch.randn_like(o)
            out[f"{name}.gout.{i}"] = g
            term = (o * g).sum()
            loss = term if loss is None else loss + term
    if loss is not None:
        loss.backward()
        for k, v in ins.items():
            if v.requires_grad and v.grad is not None:
                out[f"{name}.grad.{k}"] = v.grad


def dtype_fixture():
    """Known values in every dtype, for the safetensors reader's interop test."""
    return {
        "f32": torch.tensor([1.5, -2.0, 3.25]),
        "f32_2x3": torch.arange(6, dtype=torch.float32).reshape(2, 3),
        "f64": torch.tensor([0.1, 1e-300], dtype=torch.float64),
        "f16": torch.tensor([1.5, -2.0, 65504.0], dtype=torch.float16),
        "bf16": torch.tensor([1.5, -2.0, 3.0e38], dtype=torch.bfloat16),
        "i64": torch.tensor([-1, 0, 1 << 40]),
        "u8": torch.tensor([0, 128, 255], dtype=torch.uint8),
        "bool": torch.tensor([True, False]),
    }


def main():
    os.makedirs(FIXTURES, exist_ok=True)
    out = {}
    for name, inputs, fn, no_grad in CASES:
        run_case(name, inputs, fn, no_grad, out)
    meta = {"generator": "tests/reference/ops_golden.py", "torch": torch.__version__}
    save(out, os.path.join(FIXTURES, "ops_golden.safetensors"), meta)
    save(dtype_fixture(), os.path.join(FIXTURES, "safetensors_dtypes.safetensors"), meta)
    print(f"{len(CASES)} cases, {len(out)} tensors -> {os.path.normpath(FIXTURES)}")


if __name__ == "__main__":
    main()
