#!/usr/bin/python3
"""PyTorch reference of YOLOX's training loss with SimOTA assignment, for
src/Experiments/Detectors/Yolox/{YoloxTrainOutputs,SimOta,YoloxLoss}.cs; writes the golden fixture
tests/reference/fixtures/detectors/yolox_loss.safetensors read by tests/Experiments.Tests/Detectors/YoloxLossTests.cs.

Written for this project (no code copied) from the semantics of Megvii-BaseDetection/YOLOX release 0.3.0
(tag 0.3.0, commit 419778480ab6ec0590e5d3831b3afb3b46ab2aa3): yolox/models/yolo_head.py (get_output_and_grid,
get_losses, get_assignments, get_in_boxes_info, dynamic_k_matching, get_l1_target), yolox/models/losses.py
(IOUloss, loss_type "iou"), yolox/utils/boxes.py (bboxes_iou, xyxy=False). Paper: Ge, Liu, Wang, Li, Sun,
"YOLOX: Exceeding YOLO Series in 2021", arXiv:2107.08430, section 2.1 (SimOTA).

Later YOLOX commits (#1473, #1589, 2022-12/2023-01) changed the candidate rule to centre-radius 1.5 only and
the penalty to 1e6; this reference (and the C# code) follow 0.3.0, the release the paper's numbers come from:

  decode (train)  per level, anchors in (y, x) order: xy = (t_xy + grid) * stride, wh = exp(t_wh) * stride;
                  obj and cls stay logits.
  candidates      anchor centre c = (grid + 0.5) * stride; in_box[g, a]: c strictly inside gt box g;
                  in_centre[g, a]: c strictly inside gt centre +- 2.5 * stride; an anchor is a candidate when
                  it is in the box or in the centre region of any gt.
  cost[g, a]      BCE(sqrt(sigmoid(cls_a) * sigmoid(obj_a)), one_hot(class_g)) summed over classes
                  + 3 * (-log(IoU(g, a) + 1e-8)) + 1e5 * (not (in_box and in_centre)[g, a]),  over candidates
  dynamic k       k_g = max(int(sum of the min(10, candidates) largest IoUs of g), 1); g takes its k_g
                  lowest-cost candidates; an anchor taken by several gts goes to the one of least cost.
  loss            num_fg = max(total matched anchors over the batch, 1);
                  iou = sum(1 - IoU(pred, gt)^2) over fg / num_fg  (IoU with 1e-16 in the denominator)
                  obj = sum BCE-with-logits(obj, fg) over all anchors of all images / num_fg
                  cls = sum BCE-with-logits(cls, one_hot(class) * IoU of the match) over fg / num_fg
                  l1  = sum |t_reg - (gt_xy / stride - grid, log(gt_wh / stride + 1e-8))| over fg / num_fg
                        (only with use_l1: YOLOX's trainer turns it on for the no-augmentation epochs)
                  loss = 5 * iou + obj + cls + l1
The assignment runs without gradient; everything is in the heads' dtype (float64 here; YOLOX casts the class
cost to float32 under AMP, which changes nothing in float32 training).

Usage: /usr/bin/python3 tests/reference/yolox_loss_ref.py --out tests/reference/fixtures/detectors/yolox_loss.safetensors

Fixture keys, per case C (metadata: cases, and per case classes, strides, input, use_l1, batch):
  C.heads.<l>        raw head maps [N, 5 + nc, ny, nx] (reg, obj, cls), float64
  C.targets          [nt, 6] (image, class, cx, cy, w, h), normalised to the input size
  C.decoded          the training decode [N, A, 5 + nc]
  C.loss, C.items    loss (scalar); items [5 * iou, obj, cls, l1, num_fg, num_gt]
  C.grad.<l>         d loss / d heads.<l>
  C.assign.<b>.fg    indices of the anchors image b assigns (ascending), int64
  C.assign.<b>.gt    the gt (index within image b's targets) each of them matched
  C.assign.<b>.iou   the IoU of that match
  C.assign.<b>.k     dynamic k of each gt of image b
  C.conflicts        anchors that more than one gt picked before the min-cost resolution (whole batch)
"""
import argparse
import math
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_io  # noqa: E402

CENTRE_RADIUS = 2.5
IOU_COST_WEIGHT = 3.0
OUTSIDE_COST = 1e5
REG_WEIGHT = 5.0


def decode_train(heads, strides):
    """Raw maps -> ([N, A, 5+nc] with decoded boxes and raw logits, raw reg [N, A, 4], gx, gy, stride [A])."""
    outs, regs, gxs, gys, sts = [], [], [], [], []
    for h, s in zip(heads, strides):
        n, ch, ny, nx = h.shape
        flat = h.reshape(n, ch, ny * nx).transpose(1, 2)          # [N, ny*nx, ch], cell (y, x) row-major
        gy, gx = torch.meshgrid(torch.arange(ny, dtype=h.dtype), torch.arange(nx, dtype=h.dtype), indexing="ij")
        gx, gy = gx.reshape(-1), gy.reshape(-1)
        xy = (flat[..., 0:2] + torch.stack([gx, gy], 1)) * s
        wh = torch.exp(flat[..., 2:4]) * s
        outs.append(torch.cat([xy, wh, flat[..., 4:]], 2))
        regs.append(flat[..., 0:4])
        gxs.append(gx)
        gys.append(gy)
        sts.append(torch.full_like(gx, s))
    return torch.cat(outs, 1), torch.cat(regs, 1), torch.cat(gxs), torch.cat(gys), torch.cat(sts)


def box_corners(b):
    return b[..., 0:2] - b[..., 2:4] / 2, b[..., 0:2] + b[..., 2:4] / 2


def pairwise_iou(a, b):
    """[G, 4] x [M, 4] cxcywh -> [G, M] (bboxes_iou, xyxy=False: no epsilon)."""
    a_lo, a_hi = box_corners(a[:, None, :])
    b_lo, b_hi = box_corners(b[None, :, :])
    lo, hi = torch.max(a_lo, b_lo), torch.min(a_hi, b_hi)
    overlaps = (lo < hi).all(-1).to(a.dtype)
    inter = (hi - lo).prod(-1) * overlaps
    return inter / (a[:, None, 2] * a[:, None, 3] + b[None, :, 2] * b[None, :, 3] - inter)


def iou_loss(pred, target):
    """IOUloss(loss_type='iou', reduction='none') of matched cxcywh rows: 1 - IoU^2."""
    p_lo, p_hi = box_corners(pred)
    t_lo, t_hi = box_corners(target)
    lo, hi = torch.max(p_lo, t_lo), torch.min(p_hi, t_hi)
    inter = (hi - lo).prod(1) * (lo < hi).all(1).to(pred.dtype)
    union = pred[:, 2] * pred[:, 3] + target[:, 2] * target[:, 3] - inter
    return 1 - (inter / (union + 1e-16)) ** 2


def geometry(gt, gx, gy, st):
    """(candidate mask [A], in_box_and_centre [G, candidates])."""
    cx, cy = ((gx + 0.5) * st)[None, :], ((gy + 0.5) * st)[None, :]
    left, right = gt[:, 0:1] - gt[:, 2:3] / 2, gt[:, 0:1] + gt[:, 2:3] / 2
    top, bottom = gt[:, 1:2] - gt[:, 3:4] / 2, gt[:, 1:2] + gt[:, 3:4] / 2
    in_box = torch.stack([cx - left, cy - top, right - cx, bottom - cy], 2).min(2).values > 0
    r = CENTRE_RADIUS * st[None, :]
    in_centre = torch.stack([cx - (gt[:, 0:1] - r), cy - (gt[:, 1:2] - r),
                             (gt[:, 0:1] + r) - cx, (gt[:, 1:2] + r) - cy], 2).min(2).values > 0
    candidate = in_box.any(0) | in_centre.any(0)
    return candidate, (in_box & in_centre)[:, candidate]


@torch.no_grad()
def simota(gt, gt_cls, boxes, cls_logits, obj_logits, gx, gy, st, nc):
    """One image. Returns (fg mask [A], matched gt [F], matched IoU [F], dynamic k [G], conflicts)."""
    candidate, both = geometry(gt, gx, gy, st)
    fg = torch.zeros(boxes.shape[0], dtype=torch.bool)
    g_count = gt.shape[0]
    idx = candidate.nonzero().flatten()
    if idx.numel() == 0:
        return fg, torch.zeros(0, dtype=torch.int64), torch.zeros(0, dtype=gt.dtype), torch.zeros(g_count, dtype=torch.int64), 0
    ious = pairwise_iou(gt, boxes[idx])
    score = (cls_logits[idx].sigmoid() * obj_logits[idx].sigmoid()).sqrt()        # [C, nc]
    onehot = F.one_hot(gt_cls, nc).to(gt.dtype)
    cls_cost = torch.stack([F.binary_cross_entropy(score, onehot[g].expand_as(score), reduction="none").sum(1)
                            for g in range(g_count)])
    cost = cls_cost + IOU_COST_WEIGHT * -torch.log(ious + 1e-8) + OUTSIDE_COST * (~both).to(gt.dtype)
    top = torch.topk(ious, min(10, idx.numel()), dim=1).values
    ks = top.sum(1).to(torch.int64).clamp(min=1)
    match = torch.zeros_like(cost, dtype=torch.bool)
    for g in range(g_count):
        match[g, torch.topk(cost[g], int(ks[g]), largest=False).indices] = True
    shared = match.sum(0) > 1
    conflicts = int(shared.sum())
    if conflicts:
        best = cost[:, shared].argmin(0)
        match[:, shared] = False
        match[best, shared.nonzero().flatten()] = True
    taken = match.any(0)
    fg[idx[taken]] = True
    matched = match[:, taken].to(torch.int64).argmax(0)
    matched_iou = ious[:, taken].gather(0, matched[None]).squeeze(0)
    return fg, matched, matched_iou, ks, conflicts


def yolox_loss(heads, targets, strides, nc, use_l1):
    """heads: raw maps; targets [nt, 6] normalised. Returns (loss, items, per-image assignments, conflicts)."""
    out, reg, gx, gy, st = decode_train(heads, strides)
    n = out.shape[0]
    in_h, in_w = heads[0].shape[2] * strides[0], heads[0].shape[3] * strides[0]
    scale = torch.tensor([in_w, in_h, in_w, in_h], dtype=out.dtype)
    fg_all, cls_t, box_t, l1_t, assigns = [], [], [], [], []
    num_fg, num_gt, conflicts = 0, 0, 0
    for b in range(n):
        rows = targets[targets[:, 0] == b]
        gt = rows[:, 2:6] * scale
        gt_cls = rows[:, 1].to(torch.int64)
        num_gt += rows.shape[0]
        if rows.shape[0] == 0:
            fg = torch.zeros(out.shape[1], dtype=torch.bool)
            matched = torch.zeros(0, dtype=torch.int64)
            miou = torch.zeros(0, dtype=out.dtype)
            ks = torch.zeros(0, dtype=torch.int64)
        else:
            fg, matched, miou, ks, c = simota(gt, gt_cls, out[b, :, 0:4], out[b, :, 5:], out[b, :, 4:5], gx, gy, st, nc)
            conflicts += c
        num_fg += int(fg.sum())
        fg_all.append(fg)
        cls_t.append(F.one_hot(gt_cls[matched], nc).to(out.dtype) * miou[:, None])
        box_t.append(gt[matched])
        s = st[fg]
        l1_t.append(torch.stack([gt[matched, 0] / s - gx[fg], gt[matched, 1] / s - gy[fg],
                                 torch.log(gt[matched, 2] / s + 1e-8), torch.log(gt[matched, 3] / s + 1e-8)], 1))
        assigns.append((fg.nonzero().flatten(), matched, miou, ks))
    fg_all = torch.cat(fg_all)
    cls_t, box_t, l1_t = torch.cat(cls_t), torch.cat(box_t), torch.cat(l1_t)
    denom = max(num_fg, 1)
    flat = out.reshape(-1, out.shape[2])
    l_iou = iou_loss(flat[fg_all, 0:4], box_t).sum() / denom
    l_obj = F.binary_cross_entropy_with_logits(flat[:, 4], fg_all.to(out.dtype), reduction="none").sum() / denom
    l_cls = F.binary_cross_entropy_with_logits(flat[fg_all, 5:], cls_t, reduction="none").sum() / denom
    l_l1 = (reg.reshape(-1, 4)[fg_all] - l1_t).abs().sum() / denom if use_l1 else torch.zeros((), dtype=out.dtype)
    loss = REG_WEIGHT * l_iou + l_obj + l_cls + l_l1
    items = torch.stack([REG_WEIGHT * l_iou, l_obj, l_cls, l_l1,
                         torch.tensor(float(num_fg), dtype=out.dtype), torch.tensor(float(num_gt), dtype=out.dtype)]).detach()
    return loss, items, assigns, conflicts, out


def targets_for(gen, counts, nc):
    """[nt, 6] normalised: per image `counts` boxes of 0.12-0.6 of the side; each second box of an image is
    the previous one shifted by up to 0.08 and resized by 0.8-1.2, so that gts share candidate anchors."""
    rows = []
    for b, k in enumerate(counts):
        prev = None
        for j in range(k):
            if j % 2 == 1 and prev is not None:
                wh = (prev[2:] * (0.8 + 0.4 * torch.rand(2, generator=gen))).clamp(0.1, 0.6)
                c = (prev[:2] + (torch.rand(2, generator=gen) - 0.5) * 0.16).clamp(wh / 2, 1 - wh / 2)
            else:
                wh = torch.rand(2, generator=gen) * 0.48 + 0.12
                c = wh / 2 + torch.rand(2, generator=gen) * (1 - wh)
            prev = torch.cat([c, wh])
            rows.append([b, int(torch.randint(nc, (1,), generator=gen))] + prev.tolist())
    return torch.tensor(rows, dtype=torch.float64).reshape(-1, 6)


def random_heads(gen, n, nc, size, strides):
    """Raw maps with reg ~ N(0, 0.5) for xy and N(log 2, 0.5) for wh (boxes about two strides wide, so that
    several anchors overlap each gt and dynamic k exceeds 1), obj and cls logits ~ N(-1, 1)."""
    heads = []
    for s in strides:
        g = size // s
        h = torch.empty(n, 5 + nc, g, g, dtype=torch.float64)
        h[:, 0:2] = torch.randn(n, 2, g, g, generator=gen, dtype=torch.float64) * 0.5
        h[:, 2:4] = torch.randn(n, 2, g, g, generator=gen, dtype=torch.float64) * 0.5 + math.log(2)
        h[:, 4:] = torch.randn(n, 1 + nc, g, g, generator=gen, dtype=torch.float64) - 1
        heads.append(h)
    return heads


# (name, seed, classes, input, per-image gt counts, use_l1). "nc3" and "nc3-l1" share heads and targets.
CASES = [
    ("nc3", 2, 3, 96, [4, 1, 0], False),
    ("nc3-l1", 2, 3, 96, [4, 1, 0], True),
    ("nc1-l1", 1, 1, 64, [2, 3], True),
]
STRIDES = [8, 16, 32]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    torch.set_num_threads(1)
    tensors, meta = {}, {"source": "tests/reference/yolox_loss_ref.py", "cases": ",".join(c[0] for c in CASES),
                         "strides": ",".join(map(str, STRIDES))}
    for name, seed, nc, size, counts, use_l1 in CASES:
        gen = torch.Generator().manual_seed(seed)
        heads = [h.requires_grad_(True) for h in random_heads(gen, len(counts), nc, size, STRIDES)]
        targets = targets_for(gen, counts, nc)
        loss, items, assigns, conflicts, decoded = yolox_loss(heads, targets, STRIDES, nc, use_l1)
        loss.backward()
        ks = torch.cat([k for _, _, _, k in assigns])
        if name == "nc3" and (conflicts == 0 or int(ks.max()) < 2):
            raise SystemExit(f"case {name}: conflicts {conflicts}, max dynamic k {int(ks.max())}: the case no longer "
                             "exercises the min-cost resolution or a dynamic k above 1; change its seed")
        for i, h in enumerate(heads):
            tensors[f"{name}.heads.{i}"] = h.detach()
            tensors[f"{name}.grad.{i}"] = h.grad
        tensors[f"{name}.targets"] = targets
        tensors[f"{name}.decoded"] = decoded.detach()
        tensors[f"{name}.loss"] = loss.detach().reshape(())
        tensors[f"{name}.items"] = items
        tensors[f"{name}.conflicts"] = torch.tensor(conflicts)
        for b, (fg, gt, iou, k) in enumerate(assigns):
            tensors[f"{name}.assign.{b}.fg"] = fg
            tensors[f"{name}.assign.{b}.gt"] = gt
            tensors[f"{name}.assign.{b}.iou"] = iou
            tensors[f"{name}.assign.{b}.k"] = k
        meta.update({f"{name}.classes": nc, f"{name}.input": size, f"{name}.use_l1": int(use_l1),
                     f"{name}.batch": len(counts)})
        print(f"{name}: loss {float(loss):.6f} items {[round(float(v), 5) for v in items]} conflicts {conflicts} "
              f"k {ks.tolist()}", file=sys.stderr)
    safetensors_io.save({k: v.contiguous() for k, v in tensors.items()}, a.out, metadata=meta)


if __name__ == "__main__":
    main()
