"""Reference for YOLOv5's host-side detection augmentation, with OpenCV as YOLOv5 runs it.

Run at test time by tests/Experiments.Tests/Data/Detection/AugmentReferenceTests.cs:

    /usr/bin/python3 tests/reference/detection_augment_ref.py --cases cases.json --out DIR

Each case names a PNG (RGB) written by the test and fixed parameters (the random draws), and gets back what
YOLOv5's utils/augmentations.py computes for them, written here from its documented behaviour with
OpenCV (Debian's python3-opencv) and numpy:

- hsv:       augment_hsv with the gains r = (rh, rs, rv) already drawn: BGR -> HSV (8-bit, H in [0, 180)),
             lookup tables (x * rh) % 180, clip(x * rs), clip(x * rv), HSV -> BGR.
- letterbox: load_image (resize so the long side is `size`, to ceil(w * r) x ceil(h * r), INTER_LINEAR) and
             letterbox to a square `size` canvas (padding round(d -/+ 0.1), grey 114); the label boxes
             (normalised cx cy w h) mapped to pixels (xywhn2xyxy with the ratio and padding).
- affine:    random_perspective without perspective for drawn (degrees, scale, shear x/y, translate x/y):
             M = T @ S @ R @ C, cv2.warpAffine(INTER_LINEAR, borderValue 114) to the bordered size, boxes'
             corners through M, min/max, clipped, filtered by box_candidates (wh 2, ar 100, area 0.1).

Outputs: DIR/<name>.png (RGB) and DIR/results.json {name: {...}}.
"""
import argparse
import json
import math
import os

import cv2
import numpy as np


def read_rgb(path):
    bgr = cv2.imread(path, cv2.IMREAD_COLOR)
    assert bgr is not None, path
    return bgr


def write_rgb(path, bgr):
    assert cv2.imwrite(path, bgr), path


def hsv(bgr, gains):
    r = np.array(gains, dtype=np.float64)
    hue, sat, val = cv2.split(cv2.cvtColor(bgr, cv2.COLOR_BGR2HSV))
    x = np.arange(0, 256, dtype=r.dtype)
    lut_hue = ((x * r[0]) % 180).astype(np.uint8)
    lut_sat = np.clip(x * r[1], 0, 255).astype(np.uint8)
    lut_val = np.clip(x * r[2], 0, 255).astype(np.uint8)
    im_hsv = cv2.merge((cv2.LUT(hue, lut_hue), cv2.LUT(sat, lut_sat), cv2.LUT(val, lut_val)))
    return cv2.cvtColor(im_hsv, cv2.COLOR_HSV2BGR), {}


def letterbox(bgr, size, labels):
    h0, w0 = bgr.shape[:2]
    r = size / max(h0, w0)
    w, h = min(size, math.ceil(w0 * r - 1e-9)), min(size, math.ceil(h0 * r - 1e-9))
    im = cv2.resize(bgr, (w, h), interpolation=cv2.INTER_LINEAR) if (w, h) != (w0, h0) else bgr
    dw, dh = (size - w) / 2, (size - h) / 2
    top, bottom = int(round(dh - 0.1)), int(round(dh + 0.1))
    left, right = int(round(dw - 0.1)), int(round(dw + 0.1))
    im = cv2.copyMakeBorder(im, top, size - h - top, left, size - w - left, cv2.BORDER_CONSTANT, value=(114, 114, 114))
    boxes = []
    for cls, cx, cy, bw, bh in labels:
        boxes.append([cls, (cx - bw / 2) * w + left, (cy - bh / 2) * h + top, (cx + bw / 2) * w + left, (cy + bh / 2) * h + top])
    return im, {"ratio": [w / w0, h / h0], "pad": [left, top], "boxes": boxes}


def box_candidates(box1, box2, wh_thr=2, ar_thr=100, area_thr=0.1, eps=1e-16):
    w1, h1 = box1[2] - box1[0], box1[3] - box1[1]
    w2, h2 = box2[2] - box2[0], box2[3] - box2[1]
    ar = np.maximum(w2 / (h2 + eps), h2 / (w2 + eps))
    return (w2 > wh_thr) & (h2 > wh_thr) & (w2 * h2 / (w1 * h1 + eps) > area_thr) & (ar < ar_thr)


def affine(bgr, border, degrees, scale, shear_x, shear_y, translate_x, translate_y, boxes):
    height, width = bgr.shape[0] + 2 * border, bgr.shape[1] + 2 * border
    C = np.eye(3)
    C[0, 2] = -bgr.shape[1] / 2
    C[1, 2] = -bgr.shape[0] / 2
    R = np.eye(3)
    R[:2] = cv2.getRotationMatrix2D(angle=degrees, center=(0, 0), scale=scale)
    S = np.eye(3)
    S[0, 1] = math.tan(shear_x * math.pi / 180)
    S[1, 0] = math.tan(shear_y * math.pi / 180)
    T = np.eye(3)
    T[0, 2] = translate_x * width
    T[1, 2] = translate_y * height
    M = T @ S @ R @ C
    im = cv2.warpAffine(bgr, M[:2], dsize=(width, height), flags=cv2.INTER_LINEAR, borderValue=(114, 114, 114))
    kept = []
    if boxes:
        b = np.array(boxes, dtype=np.float64)
        n = len(b)
        xy = np.ones((n * 4, 3))
        xy[:, :2] = b[:, [1, 2, 3, 4, 1, 4, 3, 2]].reshape(n * 4, 2)  # x1y1, x2y2, x1y2, x2y1
        xy = (xy @ M.T)[:, :2].reshape(n, 8)
        x, y = xy[:, [0, 2, 4, 6]], xy[:, [1, 3, 5, 7]]
        new = np.concatenate((x.min(1), y.min(1), x.max(1), y.max(1))).reshape(4, n).T
        new[:, [0, 2]] = new[:, [0, 2]].clip(0, width)
        new[:, [1, 3]] = new[:, [1, 3]].clip(0, height)
        keep = box_candidates(box1=b[:, 1:5].T * scale, box2=new.T)
        kept = [[float(b[i, 0])] + [float(v) for v in new[i]] for i in range(n) if keep[i]]
    return im, {"M": M[:2].tolist(), "boxes": kept}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    cv2.setNumThreads(1)
    with open(args.cases) as f:
        cases = json.load(f)
    results = {}
    for case in cases:
        bgr = read_rgb(case["image"])
        kind = case["kind"]
        if kind == "hsv":
            im, extra = hsv(bgr, case["gains"])
        elif kind == "letterbox":
            im, extra = letterbox(bgr, case["size"], case["labels"])
        elif kind == "affine":
            im, extra = affine(bgr, case["border"], case["degrees"], case["scale"], case["shear_x"], case["shear_y"],
                               case["translate_x"], case["translate_y"], case["boxes"])
        else:
            raise ValueError(kind)
        write_rgb(os.path.join(args.out, case["name"] + ".png"), im)
        results[case["name"]] = extra
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(results, f)


if __name__ == "__main__":
    main()
