#!/usr/bin/python3
"""PyTorch reference detectors for src/Experiments/Detectors: YOLOv5 n/s/m, YOLOX-s, attention at the
detector placements, the YOLOv5 loss with its target assignment, and YOLOv5's NMS; golden fixtures for
tests/Experiments.Tests/Detectors.

Written for this project from the structure of the public sources (no code copied):
  YOLOv5  ultralytics/yolov5 v6.0+ (v7.0): models/yolov5{n,s,m}.yaml, models/common.py (Conv, Bottleneck,
          C3, SPPF, Concat), models/yolo.py (Detect, DetectionModel, parse_model), utils/loss.py
          (ComputeLoss, build_targets), utils/metrics.py (bbox_iou, CIoU), utils/general.py
          (non_max_suppression), train.py (hyp gains scaled by nl, nc, img_size), hyp.scratch-low.yaml.
  YOLOX   Megvii-BaseDetection/YOLOX: yolox/models/network_blocks.py (BaseConv, Bottleneck, CSPLayer,
          SPPBottleneck, Focus), darknet.py (CSPDarknet), yolo_pafpn.py (YOLOPAFPN), yolo_head.py
          (YOLOXHead, decode_outputs), exp/yolox_base.py (BN eps 1e-3, momentum 0.03, prior 0.01).

Models
  yolov5n|s|m  depth/width 0.33/0.25, 0.33/0.50, 0.67/0.75; repeats max(round(n*gd), 1) for n > 1;
               channels make_divisible(c*gw, 8); keys model.N.*, model.24.m.J.*, model.24.anchors
               (anchors / stride). Eval output [N, 3*sum(ny*nx), 5+nc]: xy = (2*sig + grid - 0.5)*stride,
               wh = (2*sig)^2 * anchor, sigmoid obj and cls; levels P3, P4, P5, each (anchor, y, x).
               Train output: the three raw maps [N, 3, ny, nx, 5+nc].
  yolox-s      depth 0.33, width 0.50; keys backbone.backbone.*, backbone.lateral_conv0.*, head.*. Eval
               output [N, sum(ny*nx), 5+nc]: xy = (t + grid)*stride, wh = exp(t)*stride, sigmoid obj, cls;
               each level (y, x). Train output: the raw maps [N, 5+nc, ny, nx] (reg, obj, cls).
  `depth`/`width` override the multiples (tests use small widths so that committed fixtures stay small).

Placements (attention as the submodule `attn` of the module whose output it attends, so base keys keep
their indices; every consumer of that output sees the attended map):
  placement     YOLOv5                               YOLOX
  block         model.{2,4,6,8}.m.J.attn             backbone.backbone.dark{2..5}.<csp>.m.J.attn
                (each bottleneck, after cv2, before the addition)
  stage         model.{2,4,6}.attn                   backbone.backbone.dark{2,3,4}.attn
  backbone-end  model.8.attn                         backbone.backbone.dark5.0.attn
  neck-in       model.{4,6,9}.attn                   backbone.backbone.dark{3,4,5}.attn
  head-in       model.{17,20,23}.attn                backbone.{C3_p3,C3_n3,C3_n4}.attn
  after:i,j     model.{i,j}.attn                     -

Usage (/usr/bin/python3, PyTorch 1.13):
  detectors_ref.py case --model yolov5n [--classes 3 --input 64 --batch 2 --width 0.0625 --depth 0.33
      --placement block --attention probe|se|... --options '{}' --float64 --seed 0] --out F.safetensors
  detectors_ref.py cases --list cases.json --outdir DIR     (many cases, one process)
  detectors_ref.py infer --model yolov5n --input 64 [--classes 80] --outdir DIR
  detectors_ref.py nms --out F.safetensors                  (NMS of a synthetic prediction)
  detectors_ref.py keys-all --out fixtures/detectors_keys.json
  detectors_ref.py fixtures --outdir fixtures/detectors     (the committed numeric fixtures)

A case file holds (float64 with --float64, else float32):
  weights.<key>           the state dict before any pass (conv weights seeded default init, BN random)
  input                   N x 3 x H x W;  targets  [nt, 6] (image, class, cx, cy, w, h), normalised
  grad_output             the upstream gradient of the eval pass: loss = sum(eval.output * grad_output)
  eval.output, eval.grad.input, eval.grad.<param>
  train.raw.<level>       raw head maps in train mode (BN in batch statistics)
  train.loss, train.loss_items (lbox, lobj, lcls after gains), train.hyp (box, obj, cls, anchor_t)
                          YOLOv5 only; the loss is ComputeLoss' (lbox + lobj + lcls) * batch
  train.grad.input, train.grad.<param>  gradients of train.loss (YOLOX: of sum(raw_l * grad_raw_l))
  train.state.<buffer>    buffers after the train pass (running statistics moved)
  targets.<level>.{b,a,gj,gi,tbox,anch,tcls}   build_targets' output (YOLOv5)
  param_count             int64
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

BN_EPS, BN_MOMENTUM = 1e-3, 0.03  # ultralytics initialize_weights and YOLOX init_yolo


def make_divisible(x, divisor):
    return int(math.ceil(x / divisor) * divisor)


class AttnHost:
    """Applies the optional submodule `attn` to a module's output."""

    def _attend(self, y):
        a = self._modules.get("attn")
        return a(y) if a is not None else y


# ---------------------------------------------------------------------------------------------------
# YOLOv5 blocks (models/common.py)

class Conv(nn.Module, AttnHost):
    """conv (no bias, padding p, default k//2) -> BN -> SiLU."""

    def __init__(self, c1, c2, k=1, s=1, p=None):
        super().__init__()
        self.conv = nn.Conv2d(c1, c2, k, s, k // 2 if p is None else p, bias=False)
        self.bn = nn.BatchNorm2d(c2, eps=BN_EPS, momentum=BN_MOMENTUM)
        self.act = nn.SiLU()

    def forward(self, x):
        return self._attend(self.act(self.bn(self.conv(x))))


class Bottleneck(nn.Module):
    def __init__(self, c1, c2, shortcut=True, e=1.0):
        super().__init__()
        c_ = int(c2 * e)
        self.cv1 = Conv(c1, c_, 1, 1)
        self.cv2 = Conv(c_, c2, 3, 1)
        self.add = shortcut and c1 == c2

    def forward(self, x):
        y = self.cv2(self.cv1(x))
        a = self._modules.get("attn")
        if a is not None:
            y = a(y)
        return x + y if self.add else y


class C3(nn.Module, AttnHost):
    def __init__(self, c1, c2, n=1, shortcut=True, e=0.5):
        super().__init__()
        c_ = int(c2 * e)
        self.cv1 = Conv(c1, c_, 1, 1)
        self.cv2 = Conv(c1, c_, 1, 1)
        self.cv3 = Conv(2 * c_, c2, 1)
        self.m = nn.Sequential(*(Bottleneck(c_, c_, shortcut, e=1.0) for _ in range(n)))

    def forward(self, x):
        return self._attend(self.cv3(torch.cat((self.m(self.cv1(x)), self.cv2(x)), 1)))


class SPPF(nn.Module, AttnHost):
    """Three chained 5x5 max pools = SPP(5, 9, 13)."""

    def __init__(self, c1, c2, k=5):
        super().__init__()
        c_ = c1 // 2
        self.cv1 = Conv(c1, c_, 1, 1)
        self.cv2 = Conv(c_ * 4, c2, 1, 1)
        self.m = nn.MaxPool2d(kernel_size=k, stride=1, padding=k // 2)

    def forward(self, x):
        x = self.cv1(x)
        y1 = self.m(x)
        y2 = self.m(y1)
        return self._attend(self.cv2(torch.cat((x, y1, y2, self.m(y2)), 1)))


class Concat(nn.Module, AttnHost):
    def __init__(self, d=1):
        super().__init__()
        self.d = d

    def forward(self, xs):
        return self._attend(torch.cat(xs, self.d))


class Upsample(nn.Upsample, AttnHost):
    def forward(self, x):
        return self._attend(super().forward(x))


class Detect(nn.Module):
    def __init__(self, nc, anchors, ch, strides):
        super().__init__()
        self.nc, self.no, self.nl, self.na = nc, nc + 5, len(anchors), len(anchors[0]) // 2
        self.register_buffer("anchors", torch.tensor(anchors).float().view(self.nl, -1, 2))
        self.m = nn.ModuleList(nn.Conv2d(c, self.no * self.na, 1) for c in ch)
        self.stride = torch.tensor(strides, dtype=torch.float32)

    def forward(self, xs):
        raw, z = [], []
        for i in range(self.nl):
            p = self.m[i](xs[i])
            bs, _, ny, nx = p.shape
            p = p.view(bs, self.na, self.no, ny, nx).permute(0, 1, 3, 4, 2).contiguous()
            raw.append(p)
            if not self.training:
                yv, xv = torch.meshgrid(torch.arange(ny, dtype=p.dtype), torch.arange(nx, dtype=p.dtype), indexing="ij")
                grid = torch.stack((xv, yv), 2).view(1, 1, ny, nx, 2) - 0.5
                anchor_grid = (self.anchors[i] * self.stride[i]).view(1, self.na, 1, 1, 2).to(p.dtype)
                s = p.sigmoid()
                xy = (s[..., :2] * 2 + grid) * self.stride[i]
                wh = (s[..., 2:4] * 2) ** 2 * anchor_grid
                z.append(torch.cat((xy, wh, s[..., 4:]), 4).view(bs, -1, self.no))
        return raw if self.training else torch.cat(z, 1)


ANCHORS = [[10, 13, 16, 30, 33, 23], [30, 61, 62, 45, 59, 119], [116, 90, 156, 198, 373, 326]]

# (from, repeats, module, args) of yolov5{n,s,m}.yaml, v6.0 backbone and head; args before scaling.
YOLOV5_TABLE = [
    (-1, 1, "Conv", [64, 6, 2, 2]),   # 0 P1/2 (padding 2 = 6//2)
    (-1, 1, "Conv", [128, 3, 2]),     # 1 P2/4
    (-1, 3, "C3", [128]),             # 2
    (-1, 1, "Conv", [256, 3, 2]),     # 3 P3/8
    (-1, 6, "C3", [256]),             # 4
    (-1, 1, "Conv", [512, 3, 2]),     # 5 P4/16
    (-1, 9, "C3", [512]),             # 6
    (-1, 1, "Conv", [1024, 3, 2]),    # 7 P5/32
    (-1, 3, "C3", [1024]),            # 8
    (-1, 1, "SPPF", [1024, 5]),       # 9
    (-1, 1, "Conv", [512, 1, 1]),     # 10
    (-1, 1, "Upsample", [None, 2, "nearest"]),
    ([-1, 6], 1, "Concat", [1]),      # 12
    (-1, 3, "C3", [512, False]),      # 13
    (-1, 1, "Conv", [256, 1, 1]),     # 14
    (-1, 1, "Upsample", [None, 2, "nearest"]),
    ([-1, 4], 1, "Concat", [1]),      # 16
    (-1, 3, "C3", [256, False]),      # 17 P3/8 out
    (-1, 1, "Conv", [256, 3, 2]),     # 18
    ([-1, 14], 1, "Concat", [1]),     # 19
    (-1, 3, "C3", [512, False]),      # 20 P4/16 out
    (-1, 1, "Conv", [512, 3, 2]),     # 21
    ([-1, 10], 1, "Concat", [1]),     # 22
    (-1, 3, "C3", [1024, False]),     # 23 P5/32 out
    ([17, 20, 23], 1, "Detect", ["nc", "anchors"]),
]

YOLOV5_MULTIPLES = {"yolov5n": (0.33, 0.25), "yolov5s": (0.33, 0.50), "yolov5m": (0.67, 0.75)}


class YoloV5(nn.Module):
    """ultralytics DetectionModel: model = Sequential of the table's layers; forward keeps the outputs
    later rows read (`from`)."""

    def __init__(self, nc, gd, gw):
        super().__init__()
        layers, ch, self.froms, self.table = [], [3], [], []
        for i, (f, n, name, args) in enumerate(YOLOV5_TABLE):
            n_ = max(round(n * gd), 1) if n > 1 else n
            if name in ("Conv", "C3", "SPPF"):
                c1, c2 = ch[f], make_divisible(args[0] * gw, 8)
                a = [c1, c2, *args[1:]]
                if name == "Conv":
                    m = Conv(c1, c2, *args[1:4])
                elif name == "SPPF":
                    m = SPPF(c1, c2, args[1])
                else:
                    a.insert(2, n_)
                    m = C3(c1, c2, n_, *args[1:])
            elif name == "Upsample":
                c2, a, m = ch[f], list(args), Upsample(size=None, scale_factor=2, mode="nearest")
            elif name == "Concat":
                c2, a, m = sum(ch[x] for x in f), list(args), Concat(1)
            else:  # Detect
                c2 = None
                a = [nc, ANCHORS, [ch[x] for x in f]]
                m = Detect(nc, ANCHORS, [ch[x] for x in f], [8.0, 16.0, 32.0])
            params = sum(p.numel() for p in m.parameters())
            self.table.append([i, f, n_, params, name, a])
            layers.append(m)
            self.froms.append(f)
            if i == 0:
                ch = []
            ch.append(c2)
        self.model = nn.Sequential(*layers)
        self.save = sorted({x % i for i, f in enumerate(self.froms) for x in ([f] if isinstance(f, int) else f) if x != -1})
        det = self.model[-1]
        det.anchors /= det.stride.view(-1, 1, 1)
        self._initialize_biases()
        for mod in self.modules():
            if isinstance(mod, nn.BatchNorm2d):
                mod.eps, mod.momentum = BN_EPS, BN_MOMENTUM

    def _initialize_biases(self):
        """Focal-loss prior (Lin et al. 2017, section 3.3): obj ~ 8 objects per 640 image, cls 0.6/(nc-1)."""
        det = self.model[-1]
        for mi, s in zip(det.m, det.stride):
            b = mi.bias.view(det.na, -1)
            with torch.no_grad():
                b[:, 4] += math.log(8 / (640 / s) ** 2)
                b[:, 5:5 + det.nc] += math.log(0.6 / (det.nc - 0.99999))

    def forward(self, x):
        y = []
        for i, (m, f) in enumerate(zip(self.model, self.froms)):
            if f != -1:
                x = y[f] if isinstance(f, int) else [x if j == -1 else y[j] for j in f]
            x = m(x)
            y.append(x if i in self.save else None)
        return x


# ---------------------------------------------------------------------------------------------------
# YOLOX (yolox/models/network_blocks.py, darknet.py, yolo_pafpn.py, yolo_head.py)

class BaseConv(nn.Module, AttnHost):
    def __init__(self, cin, cout, ksize, stride):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, ksize, stride, (ksize - 1) // 2, bias=False)
        self.bn = nn.BatchNorm2d(cout, eps=BN_EPS, momentum=BN_MOMENTUM)
        self.act = nn.SiLU()

    def forward(self, x):
        return self._attend(self.act(self.bn(self.conv(x))))


class XBottleneck(nn.Module):
    def __init__(self, cin, cout, shortcut=True, expansion=0.5):
        super().__init__()
        hidden = int(cout * expansion)
        self.conv1 = BaseConv(cin, hidden, 1, 1)
        self.conv2 = BaseConv(hidden, cout, 3, 1)
        self.use_add = shortcut and cin == cout

    def forward(self, x):
        y = self.conv2(self.conv1(x))
        a = self._modules.get("attn")
        if a is not None:
            y = a(y)
        return y + x if self.use_add else y


class CSPLayer(nn.Module, AttnHost):
    def __init__(self, cin, cout, n=1, shortcut=True, expansion=0.5):
        super().__init__()
        hidden = int(cout * expansion)
        self.conv1 = BaseConv(cin, hidden, 1, 1)
        self.conv2 = BaseConv(cin, hidden, 1, 1)
        self.conv3 = BaseConv(2 * hidden, cout, 1, 1)
        self.m = nn.Sequential(*[XBottleneck(hidden, hidden, shortcut, 1.0) for _ in range(n)])

    def forward(self, x):
        return self._attend(self.conv3(torch.cat((self.m(self.conv1(x)), self.conv2(x)), dim=1)))


class SPPBottleneck(nn.Module):
    def __init__(self, cin, cout, kernel_sizes=(5, 9, 13)):
        super().__init__()
        hidden = cin // 2
        self.conv1 = BaseConv(cin, hidden, 1, 1)
        self.m = nn.ModuleList([nn.MaxPool2d(k, 1, k // 2) for k in kernel_sizes])
        self.conv2 = BaseConv(hidden * (len(kernel_sizes) + 1), cout, 1, 1)

    def forward(self, x):
        x = self.conv1(x)
        return self.conv2(torch.cat([x] + [m(x) for m in self.m], dim=1))


class Focus(nn.Module):
    """Space-to-depth: the four pixel phases (top-left, bottom-left, top-right, bottom-right) as channels."""

    def __init__(self, cin, cout, ksize=1, stride=1):
        super().__init__()
        self.conv = BaseConv(cin * 4, cout, ksize, stride)

    def forward(self, x):
        return self.conv(torch.cat((x[..., ::2, ::2], x[..., 1::2, ::2], x[..., ::2, 1::2], x[..., 1::2, 1::2]), 1))


class CSPDarknet(nn.Module):
    def __init__(self, dep, wid):
        super().__init__()
        bc, bd = int(wid * 64), max(round(dep * 3), 1)
        self.stem = Focus(3, bc, ksize=3)
        self.dark2 = nn.Sequential(BaseConv(bc, bc * 2, 3, 2), CSPLayer(bc * 2, bc * 2, n=bd))
        self.dark3 = nn.Sequential(BaseConv(bc * 2, bc * 4, 3, 2), CSPLayer(bc * 4, bc * 4, n=bd * 3))
        self.dark4 = nn.Sequential(BaseConv(bc * 4, bc * 8, 3, 2), CSPLayer(bc * 8, bc * 8, n=bd * 3))
        self.dark5 = nn.Sequential(BaseConv(bc * 8, bc * 16, 3, 2), SPPBottleneck(bc * 16, bc * 16),
                                   CSPLayer(bc * 16, bc * 16, n=bd, shortcut=False))

    def forward(self, x):
        x = self.dark2(self.stem(x))
        d3 = self.dark3(x)
        d4 = self.dark4(d3)
        return d3, d4, self.dark5(d4)


class YOLOPAFPN(nn.Module):
    def __init__(self, depth, width, in_channels=(256, 512, 1024)):
        super().__init__()
        c0, c1, c2 = (int(c * width) for c in in_channels)
        n = round(3 * depth)
        self.backbone = CSPDarknet(depth, width)
        self.upsample = nn.Upsample(scale_factor=2, mode="nearest")
        self.lateral_conv0 = BaseConv(c2, c1, 1, 1)
        self.C3_p4 = CSPLayer(2 * c1, c1, n, False)
        self.reduce_conv1 = BaseConv(c1, c0, 1, 1)
        self.C3_p3 = CSPLayer(2 * c0, c0, n, False)
        self.bu_conv2 = BaseConv(c0, c0, 3, 2)
        self.C3_n3 = CSPLayer(2 * c0, c1, n, False)
        self.bu_conv1 = BaseConv(c1, c1, 3, 2)
        self.C3_n4 = CSPLayer(2 * c1, c2, n, False)

    def forward(self, x):
        x2, x1, x0 = self.backbone(x)
        fpn_out0 = self.lateral_conv0(x0)
        f_out0 = self.C3_p4(torch.cat([self.upsample(fpn_out0), x1], 1))
        fpn_out1 = self.reduce_conv1(f_out0)
        pan_out2 = self.C3_p3(torch.cat([self.upsample(fpn_out1), x2], 1))
        pan_out1 = self.C3_n3(torch.cat([self.bu_conv2(pan_out2), fpn_out1], 1))
        pan_out0 = self.C3_n4(torch.cat([self.bu_conv1(pan_out1), fpn_out0], 1))
        return pan_out2, pan_out1, pan_out0


class YOLOXHead(nn.Module):
    def __init__(self, nc, width, strides=(8, 16, 32), in_channels=(256, 512, 1024)):
        super().__init__()
        self.nc, self.strides = nc, strides
        hid = int(256 * width)
        self.cls_convs, self.reg_convs = nn.ModuleList(), nn.ModuleList()
        self.cls_preds, self.reg_preds, self.obj_preds, self.stems = (nn.ModuleList() for _ in range(4))
        for c in in_channels:
            self.stems.append(BaseConv(int(c * width), hid, 1, 1))
            self.cls_convs.append(nn.Sequential(BaseConv(hid, hid, 3, 1), BaseConv(hid, hid, 3, 1)))
            self.reg_convs.append(nn.Sequential(BaseConv(hid, hid, 3, 1), BaseConv(hid, hid, 3, 1)))
            self.cls_preds.append(nn.Conv2d(hid, nc, 1, 1, 0))
            self.reg_preds.append(nn.Conv2d(hid, 4, 1, 1, 0))
            self.obj_preds.append(nn.Conv2d(hid, 1, 1, 1, 0))

    def initialize_biases(self, prior_prob):
        with torch.no_grad():
            for conv in list(self.cls_preds) + list(self.obj_preds):
                conv.bias.fill_(-math.log((1 - prior_prob) / prior_prob))

    def forward(self, xin):
        outs = []
        for k, x in enumerate(xin):
            x = self.stems[k](x)
            reg_feat = self.reg_convs[k](x)
            outs.append((self.reg_preds[k](reg_feat), self.obj_preds[k](reg_feat), self.cls_preds[k](self.cls_convs[k](x))))
        if self.training:
            return [torch.cat(o, 1) for o in outs]
        z = []
        for (reg, obj, cls), s in zip(outs, self.strides):
            n, _, h, w = reg.shape
            yv, xv = torch.meshgrid(torch.arange(h, dtype=reg.dtype), torch.arange(w, dtype=reg.dtype), indexing="ij")
            grid = torch.stack((xv, yv), 2).view(1, h * w, 2)
            reg = reg.flatten(2).permute(0, 2, 1)
            z.append(torch.cat([(reg[..., :2] + grid) * s, reg[..., 2:4].exp() * s,
                                obj.sigmoid().flatten(2).permute(0, 2, 1), cls.sigmoid().flatten(2).permute(0, 2, 1)], -1))
        return torch.cat(z, 1)


class YOLOX(nn.Module):
    def __init__(self, nc, depth, width):
        super().__init__()
        self.backbone = YOLOPAFPN(depth, width)
        self.head = YOLOXHead(nc, width)
        for mod in self.modules():
            if isinstance(mod, nn.BatchNorm2d):
                mod.eps, mod.momentum = BN_EPS, BN_MOMENTUM
        self.head.initialize_biases(1e-2)

    def forward(self, x):
        return self.head(self.backbone(x))


MODELS = {"yolov5n", "yolov5s", "yolov5m", "yolox-s"}


def build(name, nc=80, depth=None, width=None):
    if name in YOLOV5_MULTIPLES:
        gd, gw = YOLOV5_MULTIPLES[name]
        return YoloV5(nc, depth or gd, width or gw)
    if name == "yolox-s":
        return YOLOX(nc, depth or 0.33, width or 0.50)
    raise ValueError(f"unknown detector '{name}'; allowed: {', '.join(sorted(MODELS))}")


# ---------------------------------------------------------------------------------------------------
# Placements

YOLOV5_PLACEMENTS = {"stage": [2, 4, 6], "backbone-end": [8], "neck-in": [4, 6, 9], "head-in": [17, 20, 23]}
YOLOX_PLACEMENTS = {
    "block": [f"backbone.backbone.dark{d}" for d in (2, 3, 4, 5)],
    "stage": [f"backbone.backbone.dark{d}" for d in (2, 3, 4)],
    "backbone-end": ["backbone.backbone.dark5.0"],
    "neck-in": [f"backbone.backbone.dark{d}" for d in (3, 4, 5)],
    "head-in": ["backbone.C3_p3", "backbone.C3_n3", "backbone.C3_n4"],
}


def _out_channels(m):
    if isinstance(m, (Conv, BaseConv)):
        return m.conv.out_channels
    if isinstance(m, (C3, SPPF)):
        return m.cv3.conv.out_channels if isinstance(m, C3) else m.cv2.conv.out_channels
    if isinstance(m, CSPLayer):
        return m.conv3.conv.out_channels
    if isinstance(m, nn.Sequential):
        return _out_channels(m[-1])
    raise ValueError(type(m))


def place(model, placement, factory):
    """Attaches factory(channels) as `attn` at every site of the placement; returns the site names (the
    attention modules' key prefixes without `.attn`). placement: a name, or 'after:i,j,...' (YOLOv5)."""
    sites = []
    if isinstance(model, YoloV5):
        if placement == "block":
            for i in (2, 4, 6, 8):
                for j, b in enumerate(model.model[i].m):
                    b.attn = factory(b.cv2.conv.out_channels)
                    sites.append(f"model.{i}.m.{j}")
            return sites
        if placement.startswith("after:"):
            idx = [int(v) for v in placement[6:].strip(" []").split(",")]
        else:
            idx = YOLOV5_PLACEMENTS[placement]
        chans = _yolov5_channels(model)
        for i in idx:
            if not 0 <= i < len(model.model) - 1:
                raise ValueError(f"after: layer {i} is not a layer of the base model (0..{len(model.model) - 2})")
            model.model[i].attn = factory(chans[i])
            sites.append(f"model.{i}")
        return sites
    names = dict(model.named_modules())
    if placement == "block":
        for d in YOLOX_PLACEMENTS["block"]:
            dark = names[d]
            csp_index = len(dark) - 1
            for j, b in enumerate(dark[csp_index].m):
                b.attn = factory(b.conv2.conv.out_channels)
                sites.append(f"{d}.{csp_index}.m.{j}")
        return sites
    for n in YOLOX_PLACEMENTS[placement]:
        names[n].attn = factory(_out_channels(names[n]))
        sites.append(n)
    return sites


def _yolov5_channels(model):
    ch = []
    for i, m in enumerate(model.model):
        if isinstance(m, Upsample):
            ch.append(ch[-1] if model.froms[i] == -1 else ch[model.froms[i]])
        elif isinstance(m, Concat):
            ch.append(sum(ch[j] if j != -1 else ch[-1] for j in model.froms[i]))
        elif isinstance(m, Detect):
            ch.append(None)
        else:
            ch.append(_out_channels(m))
    return ch


def attention_factory(name, options, gen=None):
    if name == "probe":
        from backbones_ref import Probe
        return lambda c: Probe(c)
    import attention_ref

    def make(c):
        m = attention_ref.build(name, c, options)
        if gen is not None:
            attention_ref.randomise(m, gen)
        return m
    return make


# ---------------------------------------------------------------------------------------------------
# YOLOv5 loss (utils/loss.py ComputeLoss with hyp.scratch-low, gains scaled as train.py does)

def hyp_for(nc, img_size, nl=3):
    """hyp.scratch-low gains, rescaled by train.py: box *= 3/nl, cls *= nc/80 * 3/nl,
    obj *= (img_size/640)^2 * 3/nl."""
    return {"box": 0.05 * 3 / nl, "cls": 0.5 * nc / 80 * 3 / nl, "obj": 1.0 * (img_size / 640) ** 2 * 3 / nl,
            "anchor_t": 4.0}


def bbox_ciou(box1, box2, eps=1e-7):
    """Complete IoU (Zheng et al., AAAI 2020) of matched xywh boxes: IoU - rho^2/c^2 - alpha*v,
    v = 4/pi^2 (atan(w2/h2) - atan(w1/h1))^2, alpha = v / (v - IoU + 1 + eps) without gradient."""
    (x1, y1, w1, h1), (x2, y2, w2, h2) = box1.chunk(4, -1), box2.chunk(4, -1)
    b1x1, b1x2, b1y1, b1y2 = x1 - w1 / 2, x1 + w1 / 2, y1 - h1 / 2, y1 + h1 / 2
    b2x1, b2x2, b2y1, b2y2 = x2 - w2 / 2, x2 + w2 / 2, y2 - h2 / 2, y2 + h2 / 2
    inter = (torch.min(b1x2, b2x2) - torch.max(b1x1, b2x1)).clamp(0) * (torch.min(b1y2, b2y2) - torch.max(b1y1, b2y1)).clamp(0)
    union = w1 * h1 + w2 * h2 - inter + eps
    iou = inter / union
    cw = torch.max(b1x2, b2x2) - torch.min(b1x1, b2x1)
    ch = torch.max(b1y2, b2y2) - torch.min(b1y1, b2y1)
    c2 = cw ** 2 + ch ** 2 + eps
    rho2 = ((b2x1 + b2x2 - b1x1 - b1x2) ** 2 + (b2y1 + b2y2 - b1y1 - b1y2) ** 2) / 4
    v = (4 / math.pi ** 2) * (torch.atan(w2 / h2) - torch.atan(w1 / h1)).pow(2)
    with torch.no_grad():
        alpha = v / (v - iou + (1 + eps))
    return iou - (rho2 / c2 + v * alpha)


def build_targets(p, targets, anchors, anchor_t):
    """Each target goes to every anchor whose width and height ratios are within anchor_t, in its own
    cell and the two neighbouring cells nearest its centre (offset 0.5)."""
    na, nt = anchors.shape[1], targets.shape[0]
    dt = targets.dtype
    tcls, tbox, indices, anch = [], [], [], []
    gain = torch.ones(7, dtype=dt)
    ai = torch.arange(na, dtype=dt).view(na, 1).repeat(1, nt)
    targets = torch.cat((targets.repeat(na, 1, 1), ai[..., None]), 2)
    g = 0.5
    off = torch.tensor([[0, 0], [1, 0], [0, 1], [-1, 0], [0, -1]], dtype=dt) * g
    for i in range(len(p)):
        a_i, shape = anchors[i], p[i].shape
        gain[2:6] = torch.tensor(shape, dtype=dt)[[3, 2, 3, 2]]
        t = targets * gain
        if nt:
            r = t[..., 4:6] / a_i[:, None]
            j = torch.max(r, 1 / r).max(2)[0] < anchor_t
            t = t[j]
            gxy = t[:, 2:4]
            gxi = gain[[2, 3]] - gxy
            j, k = ((gxy % 1 < g) & (gxy > 1)).T
            l, m = ((gxi % 1 < g) & (gxi > 1)).T
            j = torch.stack((torch.ones_like(j), j, k, l, m))
            t = t.repeat((5, 1, 1))[j]
            offsets = (torch.zeros_like(gxy)[None] + off[:, None])[j]
        else:
            t = targets[0]
            offsets = 0
        bc, gxy, gwh, a = t.chunk(4, 1)
        a, (b, c) = a.long().view(-1), bc.long().T
        gij = (gxy - offsets).long()
        gi, gj = gij.T
        gj, gi = gj.clamp(0, shape[2] - 1), gi.clamp(0, shape[3] - 1)
        indices.append((b, a, gj, gi))
        tbox.append(torch.cat((gxy - gij, gwh), 1))
        anch.append(a_i[a])
        tcls.append(c)
    return tcls, tbox, indices, anch


def yolov5_loss(p, targets, anchors, nc, hyp):
    """ComputeLoss.__call__ (gr = 1, no label smoothing, no focal loss, pos_weight 1). p: raw maps
    [N, na, ny, nx, 5+nc]; anchors: Detect.anchors (grid units). Returns (loss * batch, [lbox, lobj, lcls])."""
    dt = p[0].dtype
    lcls, lbox, lobj = torch.zeros(1, dtype=dt), torch.zeros(1, dtype=dt), torch.zeros(1, dtype=dt)
    tcls, tbox, indices, anch = build_targets(p, targets, anchors, hyp["anchor_t"])
    balance = [4.0, 1.0, 0.4]
    for i, pi in enumerate(p):
        b, a, gj, gi = indices[i]
        tobj = torch.zeros(pi.shape[:4], dtype=dt)
        n = b.shape[0]
        if n:
            pxy, pwh, _, pcls = pi[b, a, gj, gi].split((2, 2, 1, nc), 1)
            pxy = pxy.sigmoid() * 2 - 0.5
            pwh = (pwh.sigmoid() * 2) ** 2 * anch[i]
            iou = bbox_ciou(torch.cat((pxy, pwh), 1), tbox[i]).squeeze(-1)
            lbox = lbox + (1.0 - iou).mean()
            tobj[b, a, gj, gi] = iou.detach().clamp(0).type(dt)
            if nc > 1:
                t = torch.zeros_like(pcls)
                t[range(n), tcls[i]] = 1.0
                lcls = lcls + F.binary_cross_entropy_with_logits(pcls, t)
        lobj = lobj + F.binary_cross_entropy_with_logits(pi[..., 4], tobj) * balance[i]
    lbox, lobj, lcls = lbox * hyp["box"], lobj * hyp["obj"], lcls * hyp["cls"]
    bs = p[0].shape[0]
    return (lbox + lobj + lcls) * bs, torch.cat((lbox, lobj, lcls)).detach(), (tcls, tbox, indices, anch)


# ---------------------------------------------------------------------------------------------------
# NMS (utils/general.py non_max_suppression as val.py calls it)

def non_max_suppression(prediction, conf_thres=0.001, iou_thres=0.6, multi_label=True, max_det=300,
                        max_wh=7680, max_nms=30000):
    """Per image: keep obj > conf, conf = obj * cls, boxes xywh -> xyxy, (multi-label: every class with
    conf > conf_thres; else the best class), sort by conf, class-aware NMS by offsetting boxes by
    class * max_wh, keep max_det. Returns a list of [n, 6] (x1, y1, x2, y2, conf, class)."""
    import torchvision
    nc = prediction.shape[2] - 5
    multi_label &= nc > 1
    out = []
    for x in prediction:
        x = x[x[:, 4] > conf_thres]
        if not x.shape[0]:
            out.append(torch.zeros((0, 6), dtype=prediction.dtype))
            continue
        x = x.clone()
        x[:, 5:] *= x[:, 4:5]
        box = torch.cat((x[:, :2] - x[:, 2:4] / 2, x[:, :2] + x[:, 2:4] / 2), 1)
        if multi_label:
            i, j = (x[:, 5:] > conf_thres).nonzero(as_tuple=False).T
            x = torch.cat((box[i], x[i, 5 + j, None], j[:, None].to(x.dtype)), 1)
        else:
            conf, j = x[:, 5:].max(1, keepdim=True)
            x = torch.cat((box, conf, j.to(x.dtype)), 1)[conf.view(-1) > conf_thres]
        if not x.shape[0]:
            out.append(torch.zeros((0, 6), dtype=prediction.dtype))
            continue
        x = x[x[:, 4].argsort(descending=True)[:max_nms]]
        keep = torchvision.ops.nms(x[:, :4] + x[:, 5:6] * max_wh, x[:, 4], iou_thres)[:max_det]
        out.append(x[keep])
    return out


# ---------------------------------------------------------------------------------------------------
# Fixtures

def randomise(model, gen):
    """Random BN affine parameters and running statistics, so eval mode is not an identity and a wrong
    key shows; conv weights keep PyTorch's seeded default initialisation."""
    with torch.no_grad():
        for mod in model.modules():
            if isinstance(mod, nn.BatchNorm2d):
                mod.weight.copy_(torch.rand(mod.weight.shape, generator=gen) + 0.5)
                mod.bias.copy_(torch.randn(mod.bias.shape, generator=gen) * 0.1)
                mod.running_mean.copy_(torch.randn(mod.running_mean.shape, generator=gen) * 0.1)
                mod.running_var.copy_(torch.rand(mod.running_var.shape, generator=gen) + 0.5)
                mod.num_batches_tracked.fill_(3)


def random_targets(gen, batch, nc, counts=None):
    """[nt, 6] (image, class, cx, cy, w, h) normalised: `counts` objects per image (default 3, 1, 2, ...),
    sizes 0.08-0.7 of the image so that all three levels get matches at small inputs."""
    counts = counts or [3 if b % 2 == 0 else 1 for b in range(batch)]
    rows = []
    for b, n in enumerate(counts):
        for _ in range(n):
            wh = torch.rand(2, generator=gen) * 0.62 + 0.08
            cxy = wh / 2 + torch.rand(2, generator=gen) * (1 - wh)
            cls = int(torch.randint(nc, (1,), generator=gen))
            rows.append([b, cls, float(cxy[0]), float(cxy[1]), float(wh[0]), float(wh[1])])
    return torch.tensor(rows, dtype=torch.float64)


def _grad_kept(name, model, keep_all):
    if keep_all or ".attn." in name:
        return True
    if isinstance(model, YoloV5):
        return name.startswith(("model.0.", "model.2.", "model.9.", "model.17.", "model.24."))
    return name.startswith(("backbone.backbone.stem.", "backbone.backbone.dark2.", "backbone.lateral_conv0.",
                            "head.stems.0.", "head.cls_preds.", "head.reg_preds.", "head.obj_preds."))


def make_case(a):
    """One case file (module docstring). `compact` (the committed fixtures): weights, input and upstream
    gradients stored in float16 and rounded to it before use (exact inputs for both sides), parameter
    gradients in float32, the eval pass without parameter gradients."""
    torch.manual_seed(a.seed)
    gen = torch.Generator().manual_seed(a.seed)
    model = build(a.model, a.classes, a.depth, a.width)
    sites = []
    if a.placement:
        sites = place(model, a.placement, attention_factory(a.attention, json.loads(a.options), gen))
    randomise(model, gen)
    dtype = torch.float64 if a.float64 else torch.float32
    compact = getattr(a, "compact", False)
    stored = torch.float16 if compact else dtype
    grad_dtype = torch.float32 if compact else dtype
    keep_all = getattr(a, "keep_all_grads", False)

    def exact(t):
        return t.to(stored).to(dtype)
    model.to(stored).to(dtype)
    initial = {k: v.clone() for k, v in model.state_dict().items()}
    x = exact(torch.randn(a.batch, 3, a.input, a.input, generator=gen))
    out = {"input": x.to(stored), "param_count": torch.tensor(sum(p.numel() for p in model.parameters()))}
    for k, v in initial.items():
        out["weights." + k] = v.to(stored) if v.is_floating_point() else v

    # eval: decoded output, gradient of sum(output * grad_output)
    model.load_state_dict(initial)
    model.eval()
    xi = x.clone().requires_grad_(True)
    y = model(xi)
    grad_output = exact(torch.randn(y.shape, generator=gen))
    out["grad_output"] = grad_output.to(stored)
    (y * grad_output).sum().backward()
    out["eval.output"] = y.detach()
    out["eval.grad.input"] = xi.grad.to(grad_dtype)
    if not compact:
        for k, p in model.named_parameters():
            if _grad_kept(k, model, keep_all):
                out["eval.grad." + k] = p.grad if p.grad is not None else torch.zeros_like(p)

    # train: raw maps; YOLOv5: loss of random targets; YOLOX: sum(raw * grad_raw)
    model.load_state_dict(initial)
    model.train()
    model.zero_grad(set_to_none=True)
    xi = x.clone().requires_grad_(True)
    raw = model(xi)
    for i, r in enumerate(raw):
        out[f"train.raw.{i}"] = r.detach()
    if isinstance(model, YoloV5):
        targets = random_targets(gen, a.batch, a.classes).to(dtype)
        hyp = hyp_for(a.classes, a.input)
        loss, items, (tcls, tbox, indices, anch) = yolov5_loss(raw, targets, model.model[-1].anchors, a.classes, hyp)
        loss.backward()
        out["targets"] = targets
        out["train.loss"] = loss.detach().reshape(())
        out["train.loss_items"] = items
        out["train.hyp"] = torch.tensor([hyp["box"], hyp["obj"], hyp["cls"], hyp["anchor_t"]], dtype=torch.float64)
        for i in range(len(raw)):
            b, an, gj, gi = indices[i]
            out[f"targets.{i}.b"], out[f"targets.{i}.a"] = b.contiguous(), an.contiguous()
            out[f"targets.{i}.gj"], out[f"targets.{i}.gi"] = gj.contiguous(), gi.contiguous()
            out[f"targets.{i}.tbox"], out[f"targets.{i}.anch"] = tbox[i].contiguous(), anch[i].contiguous()
            out[f"targets.{i}.tcls"] = tcls[i].contiguous()
    else:
        total = 0
        for i, r in enumerate(raw):
            g = exact(torch.randn(r.shape, generator=gen))
            out[f"train.grad_raw.{i}"] = g.to(stored)
            total = total + (r * g).sum()
        total.backward()
    out["train.grad.input"] = xi.grad.to(grad_dtype)
    for k, p in model.named_parameters():
        if _grad_kept(k, model, keep_all):
            out["train.grad." + k] = (p.grad if p.grad is not None else torch.zeros_like(p)).to(grad_dtype)
    for k, b in model.named_buffers():
        if b.is_floating_point() or k.endswith("num_batches_tracked"):
            out["train.state." + k] = b.clone().to(grad_dtype) if b.is_floating_point() else b.clone()
    import safetensors_io
    safetensors_io.save({k: v.contiguous() for k, v in out.items()}, a.out,
                        metadata={"model": a.model, "classes": a.classes, "depth": a.depth or "", "width": a.width or "",
                                  "placement": a.placement or "", "attention": a.attention if a.placement else "",
                                  "options": a.options, "sites": ",".join(sites), "seed": a.seed,
                                  "source": "tests/reference/detectors_ref.py"})


def make_infer(a):
    """What `ablate infer` takes and should give: OUTDIR/weights.safetensors (state dict), input.safetensors
    (`input`) and expected.safetensors (`output`, eval mode, float32)."""
    torch.manual_seed(a.seed)
    gen = torch.Generator().manual_seed(a.seed)
    model = build(a.model, a.classes, a.depth, a.width)
    if a.placement:
        place(model, a.placement, attention_factory(a.attention, json.loads(a.options), gen))
    randomise(model, gen)
    model.eval()
    x = torch.randn(a.batch, 3, a.input, a.input, generator=gen)
    with torch.no_grad():
        y = model(x)
    import safetensors_io
    os.makedirs(a.outdir, exist_ok=True)
    safetensors_io.save({k: v.contiguous() for k, v in model.state_dict().items()}, os.path.join(a.outdir, "weights.safetensors"))
    safetensors_io.save({"input": x}, os.path.join(a.outdir, "input.safetensors"))
    safetensors_io.save({"output": y}, os.path.join(a.outdir, "expected.safetensors"))


def count_macs(model, size):
    """Multiply-accumulates of every Conv1d/Conv2d/Linear for one image of size x size (forward hooks; the
    reference attention modules have no functional matmuls)."""
    return count_costs(model, size)["macs"]


def count_costs(model, size):
    """macs (DESIGN.md section 7: conv and linear multiply-accumulates), and the element counts that the
    published GFLOPs add on top: `bias` (outputs of convs with a bias), `bn` (BatchNorm2d outputs).
    ultralytics' README GFLOPs are thop's count of the fused model (BN folded into each conv's bias):
    2 * (macs + bias + bn); YOLOX's get_model_info runs thop on the unfused model, whose BN counts
    2 ops per element: 2 * (macs + bias + 2 * bn)."""
    acc = {"macs": 0, "bias": 0, "bn": 0}

    def hook(m, inp, out):
        per_image = out.numel() // out.shape[0]
        if isinstance(m, (nn.Conv1d, nn.Conv2d)):
            k = 1
            for s in m.kernel_size:
                k *= s
            acc["macs"] += per_image * (m.in_channels // m.groups) * k
            if m.bias is not None:
                acc["bias"] += per_image
        elif isinstance(m, nn.Linear):
            acc["macs"] += per_image * m.in_features
        else:
            acc["bn"] += per_image
    kinds = (nn.Conv1d, nn.Conv2d, nn.Linear, nn.BatchNorm2d)
    hs = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, kinds)]
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, 3, size, size))
    for h in hs:
        h.remove()
    return acc


def _sites(name, placement, size, nc=80):
    from backbones_ref import Probe
    model = build(name, nc)
    probes = []

    def factory(c):
        p = Probe(c)
        probes.append(p)
        return p
    names = place(model, placement, factory)
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, 3, size, size))
    return [f"{n}:{','.join(map(str, p.seen[1:]))}" for n, p in zip(names, probes)]


KEY_PLACEMENTS = {"yolov5": ["block", "stage", "backbone-end", "neck-in", "head-in", "after:3,12,21"],
                  "yolox": ["block", "stage", "backbone-end", "neck-in", "head-in"]}
ATTENTION_PARAMS = ["se", "cbam", "eca", "ca"]


def make_keys_all(a):
    """For each model at 80 classes: params, MACs at 640 (conv/linear hooks), state-dict keys with shapes,
    the YOLOv5 layer table (index, from, repeats, params, module, args as parse_model prints them), the
    attention sites (name:C,H,W at 640) of each placement, and params + MACs with SE/CBAM/ECA/CA at each
    placement: the committed fixture fixtures/detectors_keys.json."""
    out = {}
    for name in ["yolov5n", "yolov5s", "yolov5m", "yolox-s"]:
        model = build(name, 80)
        costs = count_costs(model, 640)
        e = {"params": sum(p.numel() for p in model.parameters()), "macs640": costs["macs"],
             "bias_elements640": costs["bias"], "bn_elements640": costs["bn"],
             "keys": [f"{k}:{','.join(map(str, v.shape))}" for k, v in model.state_dict().items()]}
        if isinstance(model, YoloV5):
            e["layers"] = [[i, f, n, p, m, json.loads(json.dumps(args, default=str))] for i, f, n, p, m, args in model.table]
        family = "yolov5" if name.startswith("yolov5") else "yolox"
        e["sites"] = {pl: _sites(name, pl, 640) for pl in KEY_PLACEMENTS[family]}
        with_attn = {}
        for pl in KEY_PLACEMENTS[family]:
            for att in ATTENTION_PARAMS:
                m = build(name, 80)
                place(m, pl, attention_factory(att, {}))
                with_attn[f"{att}@{pl}"] = {"params": sum(p.numel() for p in m.parameters()), "macs640": count_macs(m, 640)}
        e["attention"] = with_attn
        out[name] = e
    with open(a.out, "w") as f:
        json.dump(out, f, separators=(",", ":"))


def make_nms(a):
    """A synthetic eval output [2, 400, 5+4] (clustered boxes so that NMS suppresses, scores spread over
    [0, 1]) and non_max_suppression's result per image, multi-label (val.py) and best-class."""
    gen = torch.Generator().manual_seed(a.seed)
    n, m, nc = 2, 400, 4
    centres = torch.rand(n, 12, 2, generator=gen) * 200 + 20
    pick = torch.randint(12, (n, m), generator=gen)
    xy = torch.gather(centres, 1, pick[..., None].expand(n, m, 2)) + torch.randn(n, m, 2, generator=gen) * 4
    wh = torch.rand(n, m, 2, generator=gen) * 40 + 10
    obj = torch.rand(n, m, 1, generator=gen) ** 2
    cls = torch.rand(n, m, nc, generator=gen)
    pred = torch.cat((xy, wh, obj, cls), 2)
    pred[1, :50, 4] = 0.0005  # below conf_thres
    out = {"pred": pred}
    for tag, ml in (("multi", True), ("best", False)):
        for i, d in enumerate(non_max_suppression(pred, 0.001, 0.6, multi_label=ml, max_det=300)):
            out[f"{tag}.{i}"] = d
        for i, d in enumerate(non_max_suppression(pred, 0.25, 0.45, multi_label=ml, max_det=20)):
            out[f"{tag}_conf25_max20.{i}"] = d
    import safetensors_io
    safetensors_io.save({k: v.contiguous() for k, v in out.items()}, a.out,
                        metadata={"source": "tests/reference/detectors_ref.py nms"})


def _case_ns(c, outdir):
    return argparse.Namespace(
        model=c["model"], classes=c.get("classes", 3), input=c.get("input", 64), batch=c.get("batch", 2),
        depth=c.get("depth"), width=c.get("width"), placement=c.get("placement"),
        attention=c.get("attention", "probe"), options=json.dumps(c.get("options", {})), seed=c.get("seed", 0),
        float64=c.get("float64", True), compact=c.get("compact", False),
        keep_all_grads=c.get("keep_all_grads", False), out=os.path.join(outdir, c["name"] + ".safetensors"))


def make_cases(a):
    """Every case of a JSON list ([{"name", "model", "classes", "input", "batch", "depth", "width",
    "placement", "attention", "options", "seed", "float64"}]) into OUTDIR/<name>.safetensors."""
    os.makedirs(a.outdir, exist_ok=True)
    for c in json.load(open(a.list)):
        make_case(_case_ns(c, a.outdir))


# The committed numeric fixtures (compact, see make_case): small widths so that the files stay small;
# any other configuration is generated at test time through `cases`.
FIXTURE_CASES = [
    {"name": "yolov5-tiny", "model": "yolov5n", "width": 0.0625, "classes": 3, "input": 64},
    {"name": "yolov5-tiny-deep-nc1", "model": "yolov5m", "width": 0.0625, "classes": 1, "input": 64, "seed": 1},
    {"name": "yolox-tiny", "model": "yolox-s", "width": 0.0625, "classes": 3, "input": 64},
    {"name": "yolov5-tiny-cbam-block", "model": "yolov5n", "width": 0.0625, "classes": 3, "input": 64,
     "placement": "block", "attention": "cbam", "options": {"reduction": "4"}, "seed": 3},
]


def make_fixtures(a):
    os.makedirs(a.outdir, exist_ok=True)
    for c in FIXTURE_CASES:
        make_case(_case_ns({**c, "compact": True}, a.outdir))
    make_nms(argparse.Namespace(seed=0, out=os.path.join(a.outdir, "nms.safetensors")))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=["case", "cases", "infer", "nms", "keys-all", "fixtures"])
    ap.add_argument("--model", default="yolov5n")
    ap.add_argument("--list")
    ap.add_argument("--outdir")
    ap.add_argument("--classes", type=int, default=3)
    ap.add_argument("--input", type=int, default=64)
    ap.add_argument("--batch", type=int, default=2)
    ap.add_argument("--depth", type=float, default=None)
    ap.add_argument("--width", type=float, default=None)
    ap.add_argument("--placement", default=None)
    ap.add_argument("--attention", default="probe")
    ap.add_argument("--options", default="{}")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--float64", action="store_true")
    ap.add_argument("--out")
    a = ap.parse_args()
    torch.set_num_threads(1)
    {"case": make_case, "cases": make_cases, "infer": make_infer, "nms": make_nms, "keys-all": make_keys_all,
     "fixtures": make_fixtures}[a.what](a)


if __name__ == "__main__":
    main()
