#!/usr/bin/python3
"""PyTorch reference implementations of the attention modules of src/Experiments/Attention, and a
generator of golden fixtures for the C# tests.

Each class follows its paper and its official implementation (cited per class) with the same option
names as AttentionRegistry, so one options dictionary configures both sides, and the same state-dict
keys as the official code, so weights move between the two through safetensors.

Usage (with Debian's /usr/bin/python3 and python3-torch):
    attention_ref.py --module cbam --options '{"reduction": "4"}' --channels 16 \
        --shape 2,16,5,7 --seed 0 --out fixture.safetensors
    attention_ref.py --cases cases.json --out DIR      # what the C# tests run: many cases, one process

The file holds (float32 unless noted):
    weights.<key>      every parameter and buffer before any forward pass (randomised, see below)
    input              the input, N x C x H x W
    grad_output        the gradient fed to backward: loss = sum(output * grad_output)
    <mode>.output      mode is train or eval
    <mode>.grad.input  gradient of the input
    <mode>.grad.<name> gradient of every parameter
    <mode>.state.<key> every parameter and buffer after the pass (running statistics moved in train)
    param_count        int64 scalar: sum(p.numel() for p in module.parameters())
"""
import argparse
import json
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


# ---------------------------------------------------------------------------------------------------
# Option parsing: every option arrives as a string, as it does from YAML or `--attention-opt k=v`.

def _bool(v):
    if isinstance(v, bool):
        return v
    return str(v).lower() in ("1", "true", "yes", "on")


def _list(v):
    if isinstance(v, (list, tuple)):
        return [str(x) for x in v]
    return [s.strip() for s in str(v).strip("[]").split(",") if s.strip()]


def _act(name):
    return {
        "relu": nn.ReLU(),
        "relu6": nn.ReLU6(),
        "silu": nn.SiLU(),
        "gelu": nn.GELU(),
        "hswish": HSwish(),
        "hardswish": nn.Hardswish(),
        "leaky_relu": nn.LeakyReLU(0.01),
        "tanh": nn.Tanh(),
        "sigmoid": nn.Sigmoid(),
    }[name]


def _gate(name, x):
    if name == "sigmoid":
        return torch.sigmoid(x)
    if name == "hsigmoid":
        return F.relu6(x + 3) / 6
    if name == "hardsigmoid":
        return F.hardsigmoid(x)
    raise ValueError(name)


class HSigmoid(nn.Module):
    """houqb/CoordAttention h_sigmoid: relu6(x + 3) / 6."""
    def forward(self, x):
        return F.relu6(x + 3) / 6


class HSwish(nn.Module):
    """houqb/CoordAttention h_swish: x * relu6(x + 3) / 6."""
    def forward(self, x):
        return x * (F.relu6(x + 3) / 6)


class Flatten(nn.Module):
    def forward(self, x):
        return x.reshape(x.size(0), -1)


# ---------------------------------------------------------------------------------------------------
# SE: Hu et al., "Squeeze-and-Excitation Networks", CVPR 2018. Keys as moskomule/senet.pytorch's
# SELayer (fc.0, fc.2); FC biases on by default as in the official Caffe models (hujie-frank/SENet),
# which the published SE-ResNet-50 parameter count (28.09M) includes.

class SE(nn.Module):
    def __init__(self, channels, reduction="16", bias="true", act="relu", gate="sigmoid"):
        super().__init__()
        hidden = max(1, channels // int(reduction))
        self.gate = gate
        self.fc = nn.Sequential(
            nn.Linear(channels, hidden, bias=_bool(bias)),
            _act(act),
            nn.Linear(hidden, channels, bias=_bool(bias)))

    def forward(self, x):
        b, c = x.shape[:2]
        y = x.mean(dim=(2, 3))
        y = _gate(self.gate, self.fc(y)).view(b, c, 1, 1)
        return x * y


# ---------------------------------------------------------------------------------------------------
# CBAM: Woo et al., "CBAM: Convolutional Block Attention Module", ECCV 2018; Jongchan/attention-module
# MODELS/cbam.py. Keys ChannelGate.mlp.{1,3}.*, SpatialGate.spatial.{conv,bn}.*.

def _logsumexp_2d(x):
    flat = x.reshape(x.size(0), x.size(1), -1)
    s, _ = torch.max(flat, dim=2, keepdim=True)
    return s + (flat - s).exp().sum(dim=2, keepdim=True).log()


class CbamChannelGate(nn.Module):
    def __init__(self, channels, reduction, pool, bias, act, gate):
        super().__init__()
        hidden = max(1, channels // reduction)
        self.mlp = nn.Sequential(Flatten(), nn.Linear(channels, hidden, bias=bias), _act(act),
                                 nn.Linear(hidden, channels, bias=bias))
        self.pool = pool
        self.gate = gate

    def forward(self, x):
        total = None
        for p in self.pool:
            if p == "avg":
                pooled = F.avg_pool2d(x, (x.size(2), x.size(3)), stride=(x.size(2), x.size(3)))
            elif p == "max":
                pooled = F.max_pool2d(x, (x.size(2), x.size(3)), stride=(x.size(2), x.size(3)))
            elif p == "lp":
                pooled = F.lp_pool2d(x, 2, (x.size(2), x.size(3)), stride=(x.size(2), x.size(3)))
            elif p == "lse":
                pooled = _logsumexp_2d(x)
            else:
                raise ValueError(p)
            raw = self.mlp(pooled)
            total = raw if total is None else total + raw
        return x * _gate(self.gate, total).unsqueeze(2).unsqueeze(3)


class CbamBasicConv(nn.Module):
    def __init__(self, kernel_size, dilation, bn):
        super().__init__()
        self.conv = nn.Conv2d(2, 1, kernel_size, stride=1, padding=dilation * (kernel_size - 1) // 2,
                              dilation=dilation, bias=False)
        self.bn = nn.BatchNorm2d(1, eps=1e-5, momentum=0.01, affine=True) if bn else None

    def forward(self, x):
        x = self.conv(x)
        return self.bn(x) if self.bn is not None else x


class CbamSpatialGate(nn.Module):
    def __init__(self, kernel_size, dilation, bn, gate):
        super().__init__()
        self.spatial = CbamBasicConv(kernel_size, dilation, bn)
        self.gate = gate

    def forward(self, x):
        compressed = torch.cat((torch.max(x, 1)[0].unsqueeze(1), torch.mean(x, 1).unsqueeze(1)), dim=1)
        return x * _gate(self.gate, self.spatial(compressed))


class CBAM(nn.Module):
    def __init__(self, channels, reduction="16", pool="avg,max", kernel_size="7", dilation="1",
                 bias="true", spatial_bn="true", act="relu", gate="sigmoid", channel="true", spatial="true"):
        super().__init__()
        if _bool(channel):
            self.ChannelGate = CbamChannelGate(channels, int(reduction), _list(pool), _bool(bias), act, gate)
        if _bool(spatial):
            self.SpatialGate = CbamSpatialGate(int(kernel_size), int(dilation), _bool(spatial_bn), gate)

    def forward(self, x):
        if hasattr(self, "ChannelGate"):
            x = self.ChannelGate(x)
        if hasattr(self, "SpatialGate"):
            x = self.SpatialGate(x)
        return x


# ---------------------------------------------------------------------------------------------------
# BAM: Park et al., "BAM: Bottleneck Attention Module", BMVC 2018; Jongchan/attention-module
# MODELS/bam.py (keys channel_att.gate_c.*, spatial_att.gate_s.*). The paper combines the branches by
# sum, M = sigmoid(Mc + Ms), F' = F + F * M; the released code multiplies them (combine=product).

class BamChannelGate(nn.Module):
    def __init__(self, channels, reduction, num_layers, output_bn):
        super().__init__()
        self.gate_c = nn.Sequential()
        self.gate_c.add_module("flatten", Flatten())
        sizes = [channels] + [max(1, channels // reduction)] * num_layers + [channels]
        for i in range(len(sizes) - 2):
            self.gate_c.add_module("gate_c_fc_%d" % i, nn.Linear(sizes[i], sizes[i + 1]))
            self.gate_c.add_module("gate_c_bn_%d" % (i + 1), nn.BatchNorm1d(sizes[i + 1]))
            self.gate_c.add_module("gate_c_relu_%d" % (i + 1), nn.ReLU())
        self.gate_c.add_module("gate_c_fc_final", nn.Linear(sizes[-2], sizes[-1]))
        if output_bn:
            self.gate_c.add_module("gate_c_bn_final", nn.BatchNorm1d(sizes[-1]))

    def forward(self, x):
        return self.gate_c(x.mean(dim=(2, 3))).unsqueeze(2).unsqueeze(3)


class BamSpatialGate(nn.Module):
    def __init__(self, channels, reduction, dilation_conv_num, dilation, output_bn):
        super().__init__()
        mid = max(1, channels // reduction)
        self.gate_s = nn.Sequential()
        self.gate_s.add_module("gate_s_conv_reduce0", nn.Conv2d(channels, mid, kernel_size=1))
        self.gate_s.add_module("gate_s_bn_reduce0", nn.BatchNorm2d(mid))
        self.gate_s.add_module("gate_s_relu_reduce0", nn.ReLU())
        for i in range(dilation_conv_num):
            self.gate_s.add_module("gate_s_conv_di_%d" % i,
                                   nn.Conv2d(mid, mid, kernel_size=3, padding=dilation, dilation=dilation))
            self.gate_s.add_module("gate_s_bn_di_%d" % i, nn.BatchNorm2d(mid))
            self.gate_s.add_module("gate_s_relu_di_%d" % i, nn.ReLU())
        self.gate_s.add_module("gate_s_conv_final", nn.Conv2d(mid, 1, kernel_size=1))
        if output_bn:
            self.gate_s.add_module("gate_s_bn_final", nn.BatchNorm2d(1))

    def forward(self, x):
        return self.gate_s(x)


class BAM(nn.Module):
    def __init__(self, channels, reduction="16", num_layers="1", dilation="4", dilation_conv_num="2",
                 combine="sum", output_bn="false"):
        super().__init__()
        self.channel_att = BamChannelGate(channels, int(reduction), int(num_layers), _bool(output_bn))
        self.spatial_att = BamSpatialGate(channels, int(reduction), int(dilation_conv_num), int(dilation),
                                          _bool(output_bn))
        self.combine = combine

    def forward(self, x):
        c = self.channel_att(x)
        s = self.spatial_att(x)
        m = c + s if self.combine == "sum" else c * s
        return (1 + torch.sigmoid(m)) * x


# ---------------------------------------------------------------------------------------------------
# ECA: Wang et al., "ECA-Net: Efficient Channel Attention for Deep CNNs", CVPR 2020; BangguWu/ECANet
# models/eca_module.py (key conv.weight, a bias-free Conv1d(1, 1, k)). Kernel size adaptive by default:
# k = |log2(C)/gamma + b/gamma|_odd.

def eca_kernel_size(channels, gamma, b):
    t = int(abs((math.log2(channels) + b) / gamma))
    return t if t % 2 else t + 1


class ECA(nn.Module):
    def __init__(self, channels, kernel_size="auto", gamma="2", b="1", gate="sigmoid"):
        super().__init__()
        self.gate = gate
        k = eca_kernel_size(channels, float(gamma), float(b)) if kernel_size == "auto" else int(kernel_size)
        self.conv = nn.Conv1d(1, 1, kernel_size=k, padding=(k - 1) // 2, bias=False)

    def forward(self, x):
        y = x.mean(dim=(2, 3), keepdim=True)
        y = self.conv(y.squeeze(-1).transpose(-1, -2)).transpose(-1, -2).unsqueeze(-1)
        return x * _gate(self.gate, y)


# ---------------------------------------------------------------------------------------------------
# CA: Hou et al., "Coordinate Attention for Efficient Mobile Network Design", CVPR 2021;
# houqb/CoordAttention coordatt.py (keys conv1, bn1, conv_h, conv_w).

class CoordAtt(nn.Module):
    def __init__(self, channels, reduction="32", min_channels="8", act="hswish", gate="sigmoid"):
        super().__init__()
        self.gate = gate
        mip = max(int(min_channels), channels // int(reduction))
        self.conv1 = nn.Conv2d(channels, mip, kernel_size=1, stride=1, padding=0)
        self.bn1 = nn.BatchNorm2d(mip)
        self.act = _act(act)
        self.conv_h = nn.Conv2d(mip, channels, kernel_size=1, stride=1, padding=0)
        self.conv_w = nn.Conv2d(mip, channels, kernel_size=1, stride=1, padding=0)

    def forward(self, x):
        n, c, h, w = x.size()
        x_h = x.mean(dim=3, keepdim=True)
        x_w = x.mean(dim=2, keepdim=True).permute(0, 1, 3, 2)
        y = self.act(self.bn1(self.conv1(torch.cat([x_h, x_w], dim=2))))
        x_h, x_w = torch.split(y, [h, w], dim=2)
        x_w = x_w.permute(0, 1, 3, 2)
        return x * _gate(self.gate, self.conv_w(x_w)) * _gate(self.gate, self.conv_h(x_h))


# ---------------------------------------------------------------------------------------------------
# GAM: Liu et al., "Global Attention Mechanism: Retain Information to Enhance Channel-Spatial
# Interactions", arXiv 2112.05561. No official code; the widely used form (keys channel_attention.{0,2},
# spatial_attention.{0,1,3,4}). The paper gates the channel branch with a sigmoid (Fig. 2), which the
# widely copied code omits (channel_gate=none). groups > 1: the paper's grouped spatial convs followed
# by a channel shuffle of the spatial map.

def channel_shuffle(x, groups):
    b, c, h, w = x.size()
    return x.view(b, groups, c // groups, h, w).permute(0, 2, 1, 3, 4).reshape(b, c, h, w)


class GAM(nn.Module):
    def __init__(self, channels, rate="4", kernel_size="7", groups="1", channel_gate="sigmoid"):
        super().__init__()
        mid = max(1, channels // int(rate))
        k = int(kernel_size)
        g = int(groups)
        self.groups = g
        self.channel_gate = channel_gate
        self.channel_attention = nn.Sequential(nn.Linear(channels, mid), nn.ReLU(), nn.Linear(mid, channels))
        self.spatial_attention = nn.Sequential(
            nn.Conv2d(channels, mid, kernel_size=k, padding=(k - 1) // 2, groups=g),
            nn.BatchNorm2d(mid),
            nn.ReLU(),
            nn.Conv2d(mid, channels, kernel_size=k, padding=(k - 1) // 2, groups=g),
            nn.BatchNorm2d(channels))

    def forward(self, x):
        b, c, h, w = x.shape
        att = self.channel_attention(x.permute(0, 2, 3, 1).reshape(b, -1, c)).view(b, h, w, c).permute(0, 3, 1, 2)
        if self.channel_gate == "sigmoid":
            att = torch.sigmoid(att)
        x = x * att
        s = self.spatial_attention(x).sigmoid()
        if self.groups > 1:
            s = channel_shuffle(s, self.groups)
        return x * s


# ---------------------------------------------------------------------------------------------------
# NAM: Liu et al., "NAM: Normalization-based Attention Module", NeurIPS 2021 workshop;
# Christian-lyc/NAM MODELS/attention.py (key Channel_Att.bn2.*). Mc = sigmoid(W_gamma * BN(F)) * F with
# W_gamma = |gamma| / sum|gamma|; the official code reads gamma through .data (no gradient through the
# weighting: detach_weights=true).

class NamChannelAtt(nn.Module):
    def __init__(self, channels, detach):
        super().__init__()
        self.bn2 = nn.BatchNorm2d(channels, affine=True)
        self.detach = detach

    def forward(self, x):
        residual = x
        x = self.bn2(x)
        g = self.bn2.weight.detach() if self.detach else self.bn2.weight
        weight_bn = g.abs() / torch.sum(g.abs())
        x = x * weight_bn.view(1, -1, 1, 1)
        return torch.sigmoid(x) * residual


class NAM(nn.Module):
    def __init__(self, channels, detach_weights="true"):
        super().__init__()
        self.Channel_Att = NamChannelAtt(channels, _bool(detach_weights))

    def forward(self, x):
        return self.Channel_Att(x)


# ---------------------------------------------------------------------------------------------------
# SimAM: Yang et al., "SimAM: A Simple, Parameter-Free Attention Module", ICML 2021;
# ZjjConan/SimAM simam_module. No parameters.

class SimAM(nn.Module):
    def __init__(self, channels, e_lambda="1e-4"):
        super().__init__()
        self.e_lambda = float(e_lambda)

    def forward(self, x):
        n = x.size(2) * x.size(3) - 1
        d = (x - x.mean(dim=[2, 3], keepdim=True)).pow(2)
        y = d / (4 * (d.sum(dim=[2, 3], keepdim=True) / n + self.e_lambda)) + 0.5
        return x * torch.sigmoid(y)


MODULES = {
    "se": lambda c, o: SE(c, **o),
    "cbam": lambda c, o: CBAM(c, **o),
    "cbam-channel": lambda c, o: CBAM(c, **{**o, "spatial": "false"}),
    "cbam-spatial": lambda c, o: CBAM(c, **{**o, "channel": "false"}),
    "bam": lambda c, o: BAM(c, **o),
    "eca": lambda c, o: ECA(c, **o),
    "ca": lambda c, o: CoordAtt(c, **o),
    "gam": lambda c, o: GAM(c, **o),
    "nam": lambda c, o: NAM(c, **o),
    "simam": lambda c, o: SimAM(c, **o),
}


def build(name, channels, options):
    return MODULES[name](channels, {k: str(v) for k, v in options.items()})


def randomise(module, gen):
    """Every parameter and float buffer gets random values, so that no BN identity or zero bias can
    hide a wrong key or a wrong formula; running variances stay positive."""
    with torch.no_grad():
        for name, p in module.named_parameters():
            p.copy_(torch.randn(p.shape, generator=gen) * 0.5 + (0.5 if name.endswith("bn2.weight") else 0.0))
        for name, b in module.named_buffers():
            if name.endswith("running_var"):
                b.copy_(torch.rand(b.shape, generator=gen) + 0.5)
            elif name.endswith("running_mean"):
                b.copy_(torch.randn(b.shape, generator=gen) * 0.2)
            elif name.endswith("num_batches_tracked"):
                b.fill_(3)


def generate(name, options, channels, shape, seed, float64=False):
    """float64: the same draws as float32, then model, input and gradients in float64, for cases whose float32
    results are dominated by rounding (a bias before a batch norm has a gradient that is exactly zero in theory)."""
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    module = build(name, channels, options)
    randomise(module, gen)
    x = torch.randn(shape, generator=gen)
    grad_output = torch.randn(shape, generator=gen)
    if float64:
        module.double()
        x, grad_output = x.double(), grad_output.double()
    initial = {k: v.clone() for k, v in module.state_dict().items()}
    out = {"input": x, "grad_output": grad_output,
           "param_count": torch.tensor(sum(p.numel() for p in module.parameters()), dtype=torch.int64)}
    for k, v in initial.items():
        out["weights." + k] = v
    for mode in ("train", "eval"):
        module.load_state_dict(initial)
        module.train(mode == "train")
        module.zero_grad(set_to_none=True)
        xi = x.clone().requires_grad_(True)
        y = module(xi)
        (y * grad_output).sum().backward()
        out[mode + ".output"] = y.detach()
        out[mode + ".grad.input"] = xi.grad
        for k, p in module.named_parameters():
            out[mode + ".grad." + k] = p.grad if p.grad is not None else torch.zeros_like(p)
        for k, v in module.state_dict().items():
            out[mode + ".state." + k] = v.clone()
    return {k: v.contiguous() for k, v in out.items()}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--module", choices=sorted(MODULES))
    ap.add_argument("--options", default="{}", help="JSON object of option name -> value (strings)")
    ap.add_argument("--channels", type=int)
    ap.add_argument("--shape", help="N,C,H,W")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", help="output .safetensors file (one case) or directory (--cases)")
    ap.add_argument("--cases", help="JSON file: a list of {id, module, options, channels, shape, seed}; "
                                    "and optionally float64; writes <out>/<id>.safetensors for each, in one process")
    a = ap.parse_args()
    torch.set_num_threads(1)
    import safetensors_io
    if a.cases:
        with open(a.cases) as f:
            cases = json.load(f)
        os.makedirs(a.out, exist_ok=True)
        for c in cases:
            tensors = generate(c["module"], c.get("options", {}), int(c["channels"]), [int(s) for s in c["shape"]],
                               int(c.get("seed", 0)), bool(c.get("float64", False)))
            safetensors_io.save(tensors, os.path.join(a.out, c["id"] + ".safetensors"))
        return
    if not (a.module and a.channels and a.shape and a.out):
        ap.error("give --module, --channels, --shape and --out, or --cases and --out")
    shape = [int(s) for s in a.shape.split(",")]
    safetensors_io.save(generate(a.module, json.loads(a.options), a.channels, shape, a.seed), a.out)


if __name__ == "__main__":
    main()
