#!/usr/bin/python3
"""PyTorch reference backbones for src/Experiments/Backbones and golden fixtures for
tests/Experiments.Tests/Backbone*.cs.

Families (DESIGN.md section 4):
  resnet18|34|50|101|152, resnext50-32x4d, mobilenetv2  torchvision's own modules (python3-torchvision)
  resnet50-v1 (and every -v1 depth)                     torchvision's, stride moved to the first 1x1 conv
                                                        of each downsampling bottleneck (He et al. 2016)
  resnet20|32|56|110                                    He et al. 2016, section 4.2: 3x3 stem, 3 stages of
                                                        16/32/64 channels, option A shortcuts (subsample,
                                                        zero channels appended as fb.resnet.torch does)
  preresnet110                                          He et al., "Identity Mappings in Deep Residual
                                                        Networks", ECCV 2016: pre-activation basic blocks
  wrn16-8, wrn28-10                                     Zagoruyko & Komodakis, "Wide Residual Networks",
                                                        BMVC 2016 (szagoruyko/wide-residual-networks)
  resnext29-8x64d                                       Xie et al., "Aggregated Residual Transformations",
                                                        CVPR 2017, CIFAR variant (3 stages, 3x3 stem)
Both pre-activation families project the shortcut from the pre-activated input, as the official codes
(Kaiming's resnet-1k-layers, szagoruyko's WRN) do.

State-dict keys follow torchvision's naming (conv1, bn1, layerN.M.*, downsample.0/1, fc; features.N.*,
classifier.1 for MobileNetV2); the pre-activation families add `bn` for the BN before pooling.

Placements (DESIGN.md section 4), attention modules registered as:
  block  layerN.M.attn (MobileNetV2: features.N.attn), on the residual branch before the addition
         (ResNets: after the last BN; pre-activation: after the last conv; MobileNetV2: after the
         depthwise conv's activation of every expanding block, as houqb/CoordAttention's mbv2_ca.py)
  post   layerN.M.attn / features.N.attn, on the block's output (after addition and activation)
  stage  attnN after stage N for every stage but the last
  final  attn after the last stage, just before global pooling
`stages` restricts a placement to some stages. MobileNetV2's stages are its resolutions: features 2-3
(stride 4), 4-6 (stride 8), 7-13 (stride 16), 14-17 (stride 32); features 0-1 are the stem and 18 the
last 1x1 conv, which `final` follows.

Usage (the C# tests call it so, with Debian's /usr/bin/python3):
  backbones_ref.py case --backbone resnet18 --input 32 --batch 2 --classes 10 [--stem cifar]
      [--width 1.0] [--placement block --stages 2,3 --attention probe|se|... --options '{}'] --out F
  backbones_ref.py cases --list cases.json --outdir DIR   (many cases, one process: what the tests run)
  backbones_ref.py infer --backbone resnet20 --input 32 [--placement block --attention se] --outdir DIR
      (weights.safetensors, input.safetensors, expected.safetensors: what `ablate infer` takes and gives)
  backbones_ref.py keys --backbone resnet50 --input 224 --classes 1000 --out F.json
  backbones_ref.py keys-all --out fixtures/backbones_keys.json   (the committed fixture)
`case` writes one safetensors file with the layout of attention_ref.py:
  weights.<key>, input, grad_output, <mode>.output, <mode>.grad.input, <mode>.grad.<param> (params of
  the stem, the head, attention modules, and the first and last block of each stage), <mode>.state.<buffer>
  (buffers after the pass), param_count; mode is eval or train.
`keys` writes {"params": N, "keys": [[key, shape], ...], "sites": [[name, C, H, W], ...]} where sites
are the attention sites of the placement with their input shape at batch 1.
"""
import argparse
import json
import os
import sys
import types

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torchvision.models.resnet import BasicBlock, Bottleneck

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


# ---------------------------------------------------------------------------------------------------
# Probe attention: a deterministic stand-in with one parameter per channel, y = x * sigmoid(weight),
# written the same way in the C# tests, so placements are checked without the attention modules.

class Probe(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(channels))
        self.seen = None

    def forward(self, x):
        self.seen = tuple(x.shape)
        return x * torch.sigmoid(self.weight).view(1, -1, 1, 1)


def attention_factory(name, options):
    if name == "probe":
        return lambda c: Probe(c)
    import attention_ref
    return lambda c: attention_ref.build(name, c, options)


# ---------------------------------------------------------------------------------------------------
# Blocks with their own forward, so an attention module can sit where the placement says.

def _attn(block, x, where):
    a = getattr(block, "attn", None)
    if a is not None and block.attn_where == where:
        return a(x)
    return x


def basic_forward(self, x):
    identity = x
    out = self.relu(self.bn1(self.conv1(x)))
    out = self.bn2(self.conv2(out))
    out = _attn(self, out, "block")
    if self.downsample is not None:
        identity = self.downsample(x)
    out = self.relu(out + identity)
    return _attn(self, out, "post")


def bottleneck_forward(self, x):
    identity = x
    out = self.relu(self.bn1(self.conv1(x)))
    out = self.relu(self.bn2(self.conv2(out)))
    out = self.bn3(self.conv3(out))
    out = _attn(self, out, "block")
    if self.downsample is not None:
        identity = self.downsample(x)
    out = self.relu(out + identity)
    return _attn(self, out, "post")


class OptionAShortcut(nn.Module):
    """He et al. 2016 option A: identity with stride-2 subsampling and zero channels appended."""
    def __init__(self, stride, extra):
        super().__init__()
        self.stride, self.extra = stride, extra

    def forward(self, x):
        x = x[:, :, ::self.stride, ::self.stride]
        z = torch.zeros(x.size(0), self.extra, x.size(2), x.size(3), dtype=x.dtype)
        return torch.cat([x, z], dim=1)


class CifarBasicBlock(nn.Module):
    def __init__(self, inplanes, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU()
        self.shortcut = OptionAShortcut(stride, planes - inplanes) if stride != 1 or inplanes != planes else None

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        out = _attn(self, out, "block")
        identity = x if self.shortcut is None else self.shortcut(x)
        out = self.relu(out + identity)
        return _attn(self, out, "post")


class PreActBlock(nn.Module):
    """bn1-relu-conv1(stride)-bn2-relu-conv2; a projection shortcut takes the pre-activated input."""
    def __init__(self, inplanes, planes, stride):
        super().__init__()
        self.bn1 = nn.BatchNorm2d(inplanes)
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.relu = nn.ReLU()
        self.downsample = (nn.Sequential(nn.Conv2d(inplanes, planes, 1, stride, bias=False))
                           if stride != 1 or inplanes != planes else None)

    def forward(self, x):
        o = self.relu(self.bn1(x))
        out = self.conv1(o)
        out = self.conv2(self.relu(self.bn2(out)))
        out = _attn(self, out, "block")
        identity = x if self.downsample is None else self.downsample(o)
        out = out + identity
        return _attn(self, out, "post")


# ---------------------------------------------------------------------------------------------------
# Whole networks. Every ResNet-like model: stem, layer1..layerK, optional `bn` (pre-activation), pooling,
# fc; attention after stages as attnN, before pooling as attn.

def _stem_imagenet(model, in_channels, width):
    model.conv1 = nn.Conv2d(in_channels, width, 7, 2, 3, bias=False)
    model.bn1 = nn.BatchNorm2d(width)
    model.relu = nn.ReLU()
    model.maxpool = nn.MaxPool2d(3, 2, 1)


def _stem_cifar(model, in_channels, width, bn=True):
    model.conv1 = nn.Conv2d(in_channels, width, 3, 1, 1, bias=False)
    if bn:
        model.bn1 = nn.BatchNorm2d(width)
    model.relu = nn.ReLU()
    model.maxpool = None


def resnet_like_forward(self, x):
    x = self.conv1(x)
    if getattr(self, "bn1", None) is not None:
        x = self.relu(self.bn1(x))
    if self.maxpool is not None:
        x = self.maxpool(x)
    for i in range(1, self.num_stages + 1):
        x = getattr(self, f"layer{i}")(x)
        a = getattr(self, f"attn{i}", None)
        if a is not None:
            x = a(x)
    if getattr(self, "bn", None) is not None:
        x = self.relu(self.bn(x))
    if getattr(self, "attn", None) is not None:
        x = self.attn(x)
    x = torch.flatten(F.adaptive_avg_pool2d(x, 1), 1)
    return self.fc(x)


class ResNetLike(nn.Module):
    pass


def torchvision_resnet(depth, classes, in_channels, stem, v1=False, groups=1, width_per_group=64):
    block, layers = {18: (BasicBlock, [2, 2, 2, 2]), 34: (BasicBlock, [3, 4, 6, 3]),
                     50: (Bottleneck, [3, 4, 6, 3]), 101: (Bottleneck, [3, 4, 23, 3]),
                     152: (Bottleneck, [3, 8, 36, 3])}[depth]
    m = torchvision.models.ResNet(block, layers, num_classes=classes, groups=groups,
                                  width_per_group=width_per_group)
    if stem == "cifar":
        _stem_cifar(m, in_channels, 64)
    elif in_channels != 3:
        m.conv1 = nn.Conv2d(in_channels, 64, 7, 2, 3, bias=False)
    if v1:
        for i in (2, 3, 4):
            b = getattr(m, f"layer{i}")[0]
            b.conv1.stride, b.conv2.stride = (2, 2), (1, 1)
    m.num_stages = 4
    m.forward = types.MethodType(resnet_like_forward, m)
    for i in range(1, 5):
        for b in getattr(m, f"layer{i}"):
            b.forward = types.MethodType(basic_forward if block is BasicBlock else bottleneck_forward, b)
    return m


def cifar_resnet(depth, classes, in_channels, stem):
    n = (depth - 2) // 6
    m = ResNetLike()
    (_stem_imagenet if stem == "imagenet" else _stem_cifar)(m, in_channels, 16)
    inplanes = 16
    for i, planes in enumerate([16, 32, 64], start=1):
        blocks = []
        for j in range(n):
            blocks.append(CifarBasicBlock(inplanes, planes, 2 if (j == 0 and i > 1) else 1))
            inplanes = planes
        setattr(m, f"layer{i}", nn.Sequential(*blocks))
    m.fc = nn.Linear(64, classes)
    m.num_stages = 3
    m.forward = types.MethodType(resnet_like_forward, m)
    return m


def preact_resnet(n, widths, classes, in_channels, stem):
    m = ResNetLike()
    if stem == "imagenet":
        _stem_imagenet(m, in_channels, 16)
    else:
        _stem_cifar(m, in_channels, 16, bn=False)
    inplanes = 16
    for i, planes in enumerate(widths, start=1):
        blocks = []
        for j in range(n):
            blocks.append(PreActBlock(inplanes, planes, 2 if (j == 0 and i > 1) else 1))
            inplanes = planes
        setattr(m, f"layer{i}", nn.Sequential(*blocks))
    m.bn = nn.BatchNorm2d(inplanes)
    m.fc = nn.Linear(inplanes, classes)
    m.num_stages = 3
    m.forward = types.MethodType(resnet_like_forward, m)
    return m


def resnext29(classes, in_channels, stem, cardinality=8, base_width=64):
    m = ResNetLike()
    (_stem_imagenet if stem == "imagenet" else _stem_cifar)(m, in_channels, 64)
    inplanes = 64
    for i, planes in enumerate([64, 128, 256], start=1):
        blocks = []
        for j in range(3):
            stride = 2 if (j == 0 and i > 1) else 1
            down = None
            if stride != 1 or inplanes != planes * 4:
                down = nn.Sequential(nn.Conv2d(inplanes, planes * 4, 1, stride, bias=False), nn.BatchNorm2d(planes * 4))
            b = Bottleneck(inplanes, planes, stride, down, groups=cardinality, base_width=base_width)
            b.forward = types.MethodType(bottleneck_forward, b)
            blocks.append(b)
            inplanes = planes * 4
        setattr(m, f"layer{i}", nn.Sequential(*blocks))
    m.fc = nn.Linear(1024, classes)
    m.num_stages = 3
    m.forward = types.MethodType(resnet_like_forward, m)
    return m


MBV2_STAGES = {1: range(2, 4), 2: range(4, 7), 3: range(7, 14), 4: range(14, 18)}


def mbv2_block_forward(self, x):
    y = x
    for i, layer in enumerate(self.conv):
        y = layer(y)
        # The depthwise conv is conv[1] in expanding blocks (conv[0] is the pointwise expansion).
        if i == 1 and len(self.conv) == 4:
            y = _attn(self, y, "block")
    if self.use_res_connect:
        y = x + y
    return _attn(self, y, "post")


def mbv2_forward(self, x):
    for i, f in enumerate(self.features):
        x = f(x)
        for s, r in MBV2_STAGES.items():
            if i == r[-1] and getattr(self, f"attn{s}", None) is not None:
                x = getattr(self, f"attn{s}")(x)
    if getattr(self, "attn", None) is not None:
        x = self.attn(x)
    x = torch.flatten(F.adaptive_avg_pool2d(x, 1), 1)
    return self.classifier(x)


def mobilenetv2(classes, in_channels, stem, width, dropout):
    m = torchvision.models.MobileNetV2(num_classes=classes, width_mult=width, dropout=dropout)
    if in_channels != 3 or stem == "cifar":
        c = m.features[0][0]
        m.features[0][0] = nn.Conv2d(in_channels, c.out_channels, 3, 1 if stem == "cifar" else 2, 1, bias=False)
    if stem == "cifar":
        # kuangliu/pytorch-cifar: stride 1 in the stem and in the first stride-2 row (c=24).
        m.features[2].conv[1][0].stride = (1, 1)
    m.forward = types.MethodType(mbv2_forward, m)
    for f in m.features[1:18]:
        f.forward = types.MethodType(mbv2_block_forward, f)
    return m


def build(backbone, classes=1000, in_channels=3, stem="imagenet", width=1.0, dropout=0.2):
    b = backbone
    if b.startswith("resnext50-32x4d"):
        return torchvision_resnet(50, classes, in_channels, stem, groups=32, width_per_group=4)
    if b.startswith("resnext29-8x64d"):
        return resnext29(classes, in_channels, stem)
    if b == "mobilenetv2":
        return mobilenetv2(classes, in_channels, stem, width, dropout)
    if b == "preresnet110":
        return preact_resnet(18, [16, 32, 64], classes, in_channels, stem)
    if b.startswith("wrn"):
        depth, k = (int(s) for s in b[3:].split("-"))
        return preact_resnet((depth - 4) // 6, [16 * k, 32 * k, 64 * k], classes, in_channels, stem)
    if b.startswith("resnet"):
        v1 = b.endswith("-v1")
        depth = int(b[6:].replace("-v1", ""))
        if depth in (18, 34, 50, 101, 152):
            return torchvision_resnet(depth, classes, in_channels, stem, v1=v1)
        return cifar_resnet(depth, classes, in_channels, stem)
    raise ValueError(b)


def _stage_blocks(model):
    if isinstance(model, torchvision.models.MobileNetV2):
        return {s: [(f"features.{i}", model.features[i]) for i in r] for s, r in MBV2_STAGES.items()}
    return {i: [(f"layer{i}.{j}", b) for j, b in enumerate(getattr(model, f"layer{i}"))]
            for i in range(1, model.num_stages + 1)}


def place(model, placement, stages, factory):
    """Adds attention modules as the placement says; returns the site names in forward order."""
    blocks = _stage_blocks(model)
    last = max(blocks)
    chosen = stages or sorted(blocks)
    sites = []
    for s in sorted(blocks):
        if s not in chosen:
            continue
        if placement in ("block", "post"):
            for name, b in blocks[s]:
                if placement == "block" and isinstance(model, torchvision.models.MobileNetV2) and len(b.conv) != 4:
                    continue
                ch = _site_channels(b, placement)
                b.attn, b.attn_where = factory(ch), placement
                sites.append(name + ".attn")
        elif placement == "stage" and s != last:
            ch = _block_out(blocks[s][-1][1])
            setattr(model, f"attn{s}", factory(ch))
            sites.append(f"attn{s}")
    if placement == "final":
        if isinstance(model, torchvision.models.MobileNetV2):
            ch = model.features[18][0].out_channels
        else:
            ch = model.fc.in_features
        model.attn = factory(ch)
        sites.append("attn")
    return sites


def _block_out(b):
    if hasattr(b, "conv3"):
        return b.conv3.out_channels
    if hasattr(b, "conv2"):
        return b.conv2.out_channels
    return b.out_channels  # MobileNetV2 InvertedResidual


def _site_channels(b, placement):
    if hasattr(b, "use_res_connect") and placement == "block":
        return b.conv[1][0].out_channels
    return _block_out(b)


# ---------------------------------------------------------------------------------------------------

def randomise(model, gen):
    """Random BN affine parameters and running statistics, so eval mode is not an identity and a wrong
    key shows; conv and linear weights keep PyTorch's default initialisation (seeded)."""
    with torch.no_grad():
        for name, mod in model.named_modules():
            if isinstance(mod, nn.BatchNorm2d):
                mod.weight.copy_(torch.rand(mod.weight.shape, generator=gen) + 0.5)
                mod.bias.copy_(torch.randn(mod.bias.shape, generator=gen) * 0.1)
                mod.running_mean.copy_(torch.randn(mod.running_mean.shape, generator=gen) * 0.1)
                mod.running_var.copy_(torch.rand(mod.running_var.shape, generator=gen) + 0.5)
                mod.num_batches_tracked.fill_(3)


def _grad_kept(name, model):
    """Parameters whose gradients go into the fixture: stem, head, attention, first and last block of a stage."""
    if ".attn" in name or name.startswith("attn"):
        return True
    if name.startswith(("conv1.", "bn1.", "bn.", "fc.", "classifier.", "features.0.", "features.1.", "features.18.")):
        return True
    for s, blocks in _stage_blocks(model).items():
        for bname, _ in (blocks[0], blocks[-1]):
            if name.startswith(bname + "."):
                return True
    return False


def make_case(a):
    torch.manual_seed(a.seed)
    gen = torch.Generator().manual_seed(a.seed)
    model = build(a.backbone, a.classes, a.in_channels, a.stem, a.width, dropout=0.0)
    if a.placement:
        place(model, a.placement, _stages(a.stages), attention_factory(a.attention, json.loads(a.options)))
    randomise(model, gen)
    dtype = torch.float64 if getattr(a, "float64", False) else torch.float32
    model.to(dtype)
    initial = {k: v.clone() for k, v in model.state_dict().items()}
    x = torch.randn(a.batch, a.in_channels, a.input, a.input, generator=gen).to(dtype)
    out = {"input": x, "param_count": torch.tensor(sum(p.numel() for p in model.parameters()))}
    for k, v in initial.items():
        out["weights." + k] = v
    for mode in ("eval", "train"):
        model.load_state_dict(initial)
        model.train(mode == "train")
        model.zero_grad(set_to_none=True)
        xi = x.clone().requires_grad_(True)
        y = model(xi)
        if "grad_output" not in out:
            out["grad_output"] = torch.randn(y.shape, generator=gen).to(dtype)
        (y * out["grad_output"]).sum().backward()
        out[mode + ".output"] = y.detach()
        out[mode + ".grad.input"] = xi.grad
        for k, p in model.named_parameters():
            if _grad_kept(k, model):
                out[mode + ".grad." + k] = p.grad if p.grad is not None else torch.zeros_like(p)
        for k, b in model.named_buffers():
            out[mode + ".state." + k] = b.clone()
    import safetensors_io
    safetensors_io.save({k: v.contiguous() for k, v in out.items()}, a.out)


def make_infer(a):
    """What `ablate infer` takes and should give: OUTDIR/weights.safetensors (the state dict, PyTorch's
    keys), OUTDIR/input.safetensors (`input`) and OUTDIR/expected.safetensors (`output`, eval mode)."""
    torch.manual_seed(a.seed)
    gen = torch.Generator().manual_seed(a.seed)
    model = build(a.backbone, a.classes, a.in_channels, a.stem, a.width)
    if a.placement:
        place(model, a.placement, _stages(a.stages), attention_factory(a.attention, json.loads(a.options)))
    randomise(model, gen)
    model.eval()
    x = torch.randn(a.batch, a.in_channels, a.input, a.input, generator=gen)
    with torch.no_grad():
        y = model(x)
    import safetensors_io
    safetensors_io.save({k: v.contiguous() for k, v in model.state_dict().items()}, os.path.join(a.outdir, "weights.safetensors"))
    safetensors_io.save({"input": x}, os.path.join(a.outdir, "input.safetensors"))
    safetensors_io.save({"output": y}, os.path.join(a.outdir, "expected.safetensors"))


def _probe_sites(a):
    """The model with a Probe at every attention site of a.placement, after one forward pass: (model, site
    names, probes), each probe holding the input shape it saw."""
    model = build(a.backbone, a.classes, a.in_channels, a.stem, a.width)
    probes = []

    def factory(c):
        p = Probe(c)
        probes.append(p)
        return p
    names = place(model, a.placement, _stages(a.stages), factory)
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, a.in_channels, a.input, a.input))
    return model, names, probes


def make_keys(a):
    sites = []
    if a.placement:
        model, names, probes = _probe_sites(a)
        sites = [[n, *p.seen[1:]] for n, p in zip(names, probes)]
    else:
        model = build(a.backbone, a.classes, a.in_channels, a.stem, a.width)
    keys = [[k, list(v.shape)] for k, v in model.state_dict().items()]
    params = sum(p.numel() for p in model.parameters())
    with open(a.out, "w") as f:
        json.dump({"params": params, "keys": keys, "sites": sites}, f)


KEY_PLACEMENTS = [("block", None), ("post", None), ("stage", None), ("final", None), ("block", "2,3"),
                  ("stage", "1,2"), ("post", "3")]


def make_keys_all(a):
    """Parameter counts of every backbone at 224 input, 1000 classes and at 32 input, 10 classes; at 224
    also the state-dict keys with shapes and the attention sites (name:C,H,W) of the placements in
    KEY_PLACEMENTS: the committed fixture fixtures/backbones_keys.json."""
    names = ["resnet18", "resnet34", "resnet50", "resnet101", "resnet152", "resnet50-v1", "resnet101-v1",
             "resnet152-v1", "resnet20", "resnet32", "resnet56", "resnet110", "preresnet110", "wrn16-8",
             "wrn28-10", "resnext50-32x4d", "resnext29-8x64d", "mobilenetv2"]
    out = {}
    for name in names:
        entry = {}
        for size, classes in ((224, 1000), (32, 10)):
            cfg = argparse.Namespace(backbone=name, classes=classes, in_channels=3, input=size,
                                     stem="imagenet" if size > 64 else "cifar", width=1.0, placement=None,
                                     stages=None)
            model = build(name, classes, 3, cfg.stem, 1.0)
            tag = f"{size}"
            entry[tag] = {"params": sum(p.numel() for p in model.parameters())}
            if size != 224:
                continue
            entry[tag]["keys"] = [f"{k}:{','.join(map(str, v.shape))}" for k, v in model.state_dict().items()]
            sites = {}
            for placement, stages in KEY_PLACEMENTS:
                cfg.placement, cfg.stages = placement, stages
                sites[f"{placement}:{stages or ''}"] = _sites(cfg)
            entry[tag]["sites"] = sites
        out[name] = entry
    with open(a.out, "w") as f:
        json.dump(out, f, separators=(",", ":"))


def _sites(a):
    _, names, probes = _probe_sites(a)
    return [f"{n}:{','.join(map(str, p.seen[1:]))}" for n, p in zip(names, probes)]


def make_cases(a):
    """Every case of a JSON list ([{"name":..., "backbone":..., ...}]) into OUTDIR/<name>.safetensors."""
    for c in json.load(open(a.list)):
        ns = argparse.Namespace(backbone=c["backbone"], input=c.get("input", 32), batch=c.get("batch", 2),
                                classes=c.get("classes", 10), in_channels=c.get("in_channels", 3),
                                stem=c.get("stem"), width=c.get("width", 1.0), placement=c.get("placement"),
                                stages=c.get("stages"), attention=c.get("attention", "probe"),
                                options=json.dumps(c.get("options", {})), seed=c.get("seed", 0),
                                float64=c.get("float64", False),
                                out=os.path.join(a.outdir, c["name"] + ".safetensors"))
        if ns.stem is None:
            ns.stem = "imagenet" if ns.input > 64 else "cifar"
        make_case(ns)


def _stages(s):
    return [int(v) for v in s.split(",")] if s else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=["case", "cases", "infer", "keys", "keys-all"])
    ap.add_argument("--backbone")
    ap.add_argument("--list", help="cases: JSON file listing the cases")
    ap.add_argument("--outdir", help="cases: directory for the fixtures")
    ap.add_argument("--input", type=int, default=32)
    ap.add_argument("--batch", type=int, default=2)
    ap.add_argument("--classes", type=int, default=10)
    ap.add_argument("--in-channels", dest="in_channels", type=int, default=3)
    ap.add_argument("--stem", default=None)
    ap.add_argument("--width", type=float, default=1.0)
    ap.add_argument("--placement", default=None)
    ap.add_argument("--stages", default=None)
    ap.add_argument("--attention", default="probe")
    ap.add_argument("--options", default="{}")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--float64", action="store_true", help="case: model, input and gradients in float64")
    ap.add_argument("--out")
    a = ap.parse_args()
    if a.stem is None:
        a.stem = "imagenet" if a.input > 64 else "cifar"
    torch.set_num_threads(1)
    {"case": make_case, "cases": make_cases, "infer": make_infer, "keys": make_keys, "keys-all": make_keys_all}[a.what](a)


if __name__ == "__main__":
    main()
