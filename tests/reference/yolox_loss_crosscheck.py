#!/usr/bin/python3
"""Checks yolox_loss_ref.py against Megvii's own YOLOXHead.get_losses on the same raw heads and targets.

Not part of the test suite (it needs YOLOX's sources, which are not vendored here): run it by hand after
changing yolox_loss_ref.py. It loads yolo_head.py, losses.py, network_blocks.py and utils/boxes.py of a
YOLOX checkout at release 0.3.0 into a private package (loguru replaced by a stub; nothing is copied into
this repository) and compares loss, components and gradients for every case of yolox_loss_ref.CASES.

  git -C YOLOX show 0.3.0:yolox/models/yolo_head.py ...   (or a checkout of tag 0.3.0)
  /usr/bin/python3 tests/reference/yolox_loss_crosscheck.py --yolox DIR_OF_A_0.3.0_CHECKOUT

YOLOX casts the class cost to float32 (an AMP guard), so on float64 heads the two agree to float32
rounding of that cost, not exactly.
"""
import argparse
import importlib.util
import logging
import os
import sys
import types

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import yolox_loss_ref as ref  # noqa: E402


def load_head(root):
    """YOLOXHead of the checkout at `root`, imported through a private package `yx`."""
    pkg = types.ModuleType("yx")
    pkg.__path__ = []
    sys.modules["yx"] = pkg
    sys.modules["loguru"] = types.SimpleNamespace(logger=logging.getLogger("yolox"))

    def load(name, rel, patch=None):
        src = open(os.path.join(root, rel)).read()
        for a, b in (patch or []):
            src = src.replace(a, b)
        spec = importlib.util.spec_from_loader("yx." + name, loader=None)
        mod = importlib.util.module_from_spec(spec)
        mod.__package__ = "yx"
        sys.modules["yx." + name] = mod
        exec(compile(src, rel, "exec"), mod.__dict__)
        return mod
    load("compat", "yolox/utils/compat.py")
    load("boxes", "yolox/utils/boxes.py", [("from .compat", "from yx.compat")])
    load("losses", "yolox/models/losses.py")
    load("network_blocks", "yolox/models/network_blocks.py")
    head = load("yolo_head", "yolox/models/yolo_head.py",
                [("from yolox.utils import bboxes_iou, meshgrid", "from yx.boxes import bboxes_iou\nfrom yx.compat import meshgrid"),
                 ("from yolox.utils import bboxes_iou", "from yx.boxes import bboxes_iou"),
                 ("from .losses", "from yx.losses"), ("from .network_blocks", "from yx.network_blocks")])
    return head.YOLOXHead


def megvii_loss(YOLOXHead, heads, targets, strides, nc, use_l1):
    head = YOLOXHead(nc, width=0.25, strides=strides).double()
    head.use_l1 = use_l1
    outputs, xs, ys, es, origin = [], [], [], [], []
    for k, (raw, s) in enumerate(zip(heads, strides)):
        out, grid = head.get_output_and_grid(raw * 1, k, s, raw.type())  # a non-leaf, as the head's cat gives it
        xs.append(grid[:, :, 0])
        ys.append(grid[:, :, 1])
        es.append(torch.zeros(1, grid.shape[1]).fill_(s).type_as(raw))
        n, _, h, w = raw.shape
        origin.append(raw[:, :4].reshape(n, 1, 4, h, w).permute(0, 1, 3, 4, 2).reshape(n, -1, 4).clone())
        outputs.append(out)
    n = heads[0].shape[0]
    size = heads[0].shape[2] * strides[0]
    most = max(int((targets[:, 0] == b).sum()) for b in range(n))
    labels = torch.zeros(n, max(most, 1), 5, dtype=torch.float64)
    for b in range(n):
        rows = targets[targets[:, 0] == b]
        labels[b, :rows.shape[0], 0] = rows[:, 1]
        labels[b, :rows.shape[0], 1:] = rows[:, 2:] * size
    return head.get_losses(None, xs, ys, es, labels, torch.cat(outputs, 1), origin, torch.float64)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--yolox", required=True, help="root of a YOLOX 0.3.0 checkout")
    a = ap.parse_args()
    YOLOXHead = load_head(a.yolox)
    worst = 0.0
    for name, seed, nc, size, counts, use_l1 in ref.CASES:
        gen = torch.Generator().manual_seed(seed)
        base = ref.random_heads(gen, len(counts), nc, size, ref.STRIDES)
        targets = ref.targets_for(gen, counts, nc)
        ours = [h.clone().requires_grad_(True) for h in base]
        theirs = [h.clone().requires_grad_(True) for h in base]
        loss, items, *_ = ref.yolox_loss(ours, targets, ref.STRIDES, nc, use_l1)
        loss.backward()
        m = megvii_loss(YOLOXHead, theirs, targets, ref.STRIDES, nc, use_l1)
        m[0].backward()
        their_items = [float(m[1]), float(m[2]), float(m[3]), float(m[4])]
        d_loss = abs(float(loss) - float(m[0]))
        d_items = max(abs(float(x) - y) for x, y in zip(items[:4], their_items))
        d_grad = max(float((o.grad - t.grad).abs().max()) for o, t in zip(ours, theirs))
        worst = max(worst, d_loss, d_items, d_grad)
        print(f"{name}: loss {float(loss):.8f} vs {float(m[0]):.8f}; max |d items| {d_items:.2e}; max |d grad| {d_grad:.2e}; "
              f"num_fg/num_gt {float(items[4]) / max(float(items[5]), 1):.4f} vs {m[5]:.4f}")
    print("worst difference", worst)
    sys.exit(0 if worst < 1e-5 else 1)


if __name__ == "__main__":
    main()
