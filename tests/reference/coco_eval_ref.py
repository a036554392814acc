"""Independent reference for COCO bbox evaluation (pycocotools semantics; pycocotools is not installed here).

Written from the definition of the COCO detection metric (cocodataset.org/#detection-eval and the
behaviour of cocoapi's cocoeval.py), not from the C# code under test. Run with /usr/bin/python3:

    /usr/bin/python3 tests/reference/coco_eval_ref.py          # writes tests/reference/fixtures/coco_eval_cases.json
    /usr/bin/python3 tests/reference/coco_eval_ref.py --check  # only runs the hand-derived cases

The fixture holds, per case, an instances dict, a results list and the expected summary (12 stats and AP,
AP50 per category). Hand-derived cases are checked against values worked out by hand (see HAND_CASES);
random cases cover crowd regions, area ranges, ties in scores, more than 100 detections per image, images
without ground truth and categories without ground truth.
"""
import json
import os
import sys

import numpy as np

IOU_T = np.linspace(0.5, 0.95, 10)          # 0.50:0.05:0.95
REC_T = np.linspace(0.0, 1.0, 101)          # 0:0.01:1
MAX_DETS = (1, 10, 100)
AREAS = {"all": (0.0, 1e10), "small": (0.0, 32.0 ** 2), "medium": (32.0 ** 2, 96.0 ** 2), "large": (96.0 ** 2, 1e10)}


def overlaps(dt_boxes, gt_boxes, gt_crowd):
    """[D, G] IoU of xywh boxes; a crowd ground truth divides the intersection by the detection's area."""
    d = np.asarray(dt_boxes, dtype=float).reshape(-1, 4)
    g = np.asarray(gt_boxes, dtype=float).reshape(-1, 4)
    out = np.zeros((len(d), len(g)))
    for j in range(len(g)):
        gx, gy, gw, gh = g[j]
        for i in range(len(d)):
            dx, dy, dw, dh = d[i]
            iw = min(dx + dw, gx + gw) - max(dx, gx)
            if iw <= 0:
                continue
            ih = min(dy + dh, gy + gh) - max(dy, gy)
            if ih <= 0:
                continue
            inter = iw * ih
            union = dw * dh if gt_crowd[j] else dw * dh + gw * gh - inter
            out[i, j] = inter / union
    return out


def match_image(gts, dts, lo, hi, max_det):
    """Greedy matching of one image and category in one area range.

    Returns (scores, tp[T, D], ignored_dt[T, D], n_regular_gt). gts: dicts with bbox, area, iscrowd (file order);
    dts: dicts with bbox, score (file order).
    """
    # detections: highest score first, ties in file order; the IoU is defined on the first 100 only
    dts = sorted(dts, key=lambda d: -d["score"])[:max(MAX_DETS)][:max_det]
    ign = [bool(g["iscrowd"]) or g["area"] < lo or g["area"] > hi for g in gts]
    # ground truth: regular ones before ignored ones, stable
    order = sorted(range(len(gts)), key=lambda j: ign[j])
    gts = [gts[j] for j in order]
    ign = [ign[j] for j in order]
    crowd = [bool(g["iscrowd"]) for g in gts]
    iou = overlaps([d["bbox"] for d in dts], [g["bbox"] for g in gts], crowd)
    T, D, G = len(IOU_T), len(dts), len(gts)
    matched = np.zeros((T, D), bool)
    dt_ign = np.zeros((T, D), bool)
    for t, thr in enumerate(IOU_T):
        taken = [False] * G
        for i in range(D):
            best, m = min(thr, 1 - 1e-10), None
            for j in range(G):
                if taken[j] and not crowd[j]:
                    continue
                if m is not None and not ign[m] and ign[j]:
                    break
                if iou[i, j] >= best:
                    best, m = iou[i, j], j
            if m is None:
                continue
            matched[t, i] = True
            dt_ign[t, i] = ign[m]
            taken[m] = True
    area_out = np.array([d["bbox"][2] * d["bbox"][3] < lo or d["bbox"][2] * d["bbox"][3] > hi for d in dts], bool)
    dt_ign |= (~matched) & area_out[None, :]
    return np.array([d["score"] for d in dts], float), matched & ~dt_ign, dt_ign, sum(not x for x in ign)


def evaluate(instances, results):
    """Returns precision[T, R, K, A, M], recall[T, K, A, M] and the sorted category ids."""
    img_ids = sorted(i["id"] for i in instances["images"])
    cat_ids = sorted(c["id"] for c in instances["categories"])
    anns = instances["annotations"]
    for a in anns:
        a.setdefault("iscrowd", 0)
        a.setdefault("area", a["bbox"][2] * a["bbox"][3])
    T, R, K, A, M = len(IOU_T), len(REC_T), len(cat_ids), len(AREAS), len(MAX_DETS)
    precision = -np.ones((T, R, K, A, M))
    recall = -np.ones((T, K, A, M))
    for k, cat in enumerate(cat_ids):
        for a, (lo, hi) in enumerate(AREAS.values()):
            for m, max_det in enumerate(MAX_DETS):
                scores, tps, igns, n_gt, any_image = [], [], [], 0, False
                for img in img_ids:
                    gts = [x for x in anns if x["image_id"] == img and x["category_id"] == cat]
                    dts = [x for x in results if x["image_id"] == img and x["category_id"] == cat]
                    if not gts and not dts:
                        continue
                    any_image = True
                    s, tp, ig, n = match_image(gts, dts, lo, hi, max_det)
                    scores.append(s)
                    tps.append(tp)
                    igns.append(ig)
                    n_gt += n
                if not any_image or n_gt == 0:
                    continue
                s = np.concatenate(scores)
                order = np.argsort(-s, kind="stable")
                tp = np.concatenate(tps, axis=1)[:, order]
                ig = np.concatenate(igns, axis=1)[:, order]
                fp = ~tp & ~ig
                for t in range(T):
                    ctp = np.cumsum(tp[t]).astype(float)
                    cfp = np.cumsum(fp[t]).astype(float)
                    rc = ctp / n_gt
                    pr = ctp / (ctp + cfp + np.spacing(1))
                    recall[t, k, a, m] = rc[-1] if len(rc) else 0.0
                    env = np.maximum.accumulate(pr[::-1])[::-1] if len(pr) else pr
                    idx = np.searchsorted(rc, REC_T, side="left")
                    q = np.zeros(len(REC_T))
                    reached = idx < len(env)  # recall points beyond the final recall keep precision 0
                    q[reached] = env[idx[reached]]
                    precision[t, :, k, a, m] = q
    return precision, recall, cat_ids


def mean_defined(x):
    x = x[x > -1]
    return float(np.mean(x)) if x.size else -1.0


def summarize(precision, recall, cat_ids):
    a_idx = {name: i for i, name in enumerate(AREAS)}
    t50 = int(np.argmin(np.abs(IOU_T - 0.5)))
    t75 = int(np.argmin(np.abs(IOU_T - 0.75)))
    ap = lambda a="all", t=None, k=None: mean_defined(
        precision[(slice(None) if t is None else [t]), :, (slice(None) if k is None else [k]), a_idx[a], 2])
    ar = lambda a="all", m=2: mean_defined(recall[:, :, a_idx[a], m])
    return {
        "map": ap(), "map50": ap(t=t50), "map75": ap(t=t75),
        "map_small": ap("small"), "map_medium": ap("medium"), "map_large": ap("large"),
        "mar1": ar(m=0), "mar10": ar(m=1), "mar100": ar(),
        "mar_small": ar("small"), "mar_medium": ar("medium"), "mar_large": ar("large"),
        "per_class": [{"id": c, "ap": ap(k=k), "ap50": ap(t=t50, k=k)} for k, c in enumerate(cat_ids)],
    }


def instances(boxes, images=(1,), cats=(1,)):
    """boxes: (image_id, category_id, [x, y, w, h], iscrowd[, area])."""
    anns = []
    for n, b in enumerate(boxes):
        a = {"id": n + 1, "image_id": b[0], "category_id": b[1], "bbox": list(b[2]), "iscrowd": b[3]}
        if len(b) > 4:
            a["area"] = b[4]
        anns.append(a)
    return {"images": [{"id": i, "file_name": f"{i}.png", "width": 640, "height": 640} for i in images],
            "annotations": anns, "categories": [{"id": c, "name": f"c{c}"} for c in cats]}


def dets(rows):
    return [{"image_id": r[0], "category_id": r[1], "bbox": list(r[2]), "score": r[3]} for r in rows]


# Hand-derived cases: the expected values are worked out in the comments, independently of any code.
HAND_CASES = [
    # One object, one exact detection: every threshold matches at recall 1 with precision 1.
    ("exact_match", instances([(1, 1, [10, 10, 20, 20], 0)]), dets([(1, 1, [10, 10, 20, 20], 0.9)]),
     {"map": 1.0, "map50": 1.0, "map75": 1.0, "mar100": 1.0, "map_small": 1.0, "map_medium": -1.0, "map_large": -1.0}),
    # IoU exactly 0.5 (half the box: 50 / 100): matches at the 0.50 threshold only, so AP = 1 at one of ten
    # thresholds: map = 0.1, map50 = 1, map75 = 0, mar100 = 0.1.
    ("iou_half", instances([(1, 1, [0, 0, 10, 10], 0)]), dets([(1, 1, [0, 0, 10, 5], 0.9)]),
     {"map": 0.1, "map50": 1.0, "map75": 0.0, "mar100": 0.1}),
    # Two objects; detections by score: hit, miss, hit. Precision 1, 1/2, 2/3 at recall 1/2, 1/2, 1; the
    # envelope is 1, 2/3, 2/3. Recall points 0.00..0.50 (51 of them) take precision 1, the 50 points above
    # take 2/3: AP = (51 + 50 * 2/3) / 101 = 0.834983498...
    ("hit_miss_hit", instances([(1, 1, [0, 0, 10, 10], 0), (1, 1, [50, 50, 10, 10], 0)]),
     dets([(1, 1, [0, 0, 10, 10], 0.9), (1, 1, [100, 100, 10, 10], 0.8), (1, 1, [50, 50, 10, 10], 0.7)]),
     {"map": (51 + 50 * 2 / 3) / 101, "map50": (51 + 50 * 2 / 3) / 101, "mar100": 1.0, "mar1": 0.5}),
    # A crowd region absorbs every detection inside it (intersection over the detection's area = 1), and is
    # never a miss: the two detections inside it are ignored, the third hits the only regular object: AP = 1.
    ("crowd_absorbs", instances([(1, 1, [0, 0, 100, 100], 1), (1, 1, [200, 200, 10, 10], 0)]),
     dets([(1, 1, [10, 10, 20, 20], 0.95), (1, 1, [200, 200, 10, 10], 0.8), (1, 1, [50, 50, 10, 10], 0.7)]),
     {"map": 1.0, "mar100": 1.0}),
    # Area ranges: a small object (area 100) and a large one (area 10000 > 96^2), both found. small and large
    # AP are 1; medium has no regular object (both are outside its range): -1, as pycocotools prints.
    ("area_ranges", instances([(1, 1, [0, 0, 10, 10], 0), (1, 1, [100, 100, 100, 100], 0)]),
     dets([(1, 1, [0, 0, 10, 10], 0.9), (1, 1, [100, 100, 100, 100], 0.8)]),
     {"map": 1.0, "map_small": 1.0, "map_medium": -1.0, "map_large": 1.0, "mar_small": 1.0, "mar_medium": -1.0}),
    # Two objects in one image, two exact detections: with one detection per image recall is 1/2 (mar1 = 0.5),
    # with ten it is 1. A category without objects (id 2) has AP -1 and is left out of the mean.
    ("max_dets_and_empty_class", instances([(1, 1, [0, 0, 10, 10], 0), (1, 1, [50, 50, 10, 10], 0)], cats=(1, 2)),
     dets([(1, 1, [0, 0, 10, 10], 0.9), (1, 1, [50, 50, 10, 10], 0.8)]),
     {"map": 1.0, "mar1": 0.5, "mar10": 1.0, "mar100": 1.0, "class2_ap": -1.0}),
    # The right box with the wrong class: class 1's object is missed (AP 0, recall 0); class 2 has no object,
    # so its AP is undefined (-1) and its false positive counts nowhere: map = 0 over the one defined class.
    ("wrong_class", instances([(1, 1, [0, 0, 10, 10], 0)], cats=(1, 2)), dets([(1, 2, [0, 0, 10, 10], 0.9)]),
     {"map": 0.0, "mar100": 0.0, "class2_ap": -1.0}),
]


def check_hand_cases():
    for name, inst, res, expected in HAND_CASES:
        got = summarize(*evaluate(json.loads(json.dumps(inst)), res))
        for key, value in expected.items():
            actual = got["per_class"][1]["ap"] if key == "class2_ap" else got[key]
            assert abs(actual - value) < 1e-12, f"{name}: {key} = {actual}, expected {value}"


def random_case(rng, name, n_images, n_cats, crowd=True, many=False):
    image_ids = [int(x) for x in rng.choice(np.arange(1, 1000), n_images, replace=False)]
    cat_ids = [int(x) for x in rng.choice(np.arange(1, 100), n_cats, replace=False)]
    gts, rows = [], []
    for img in image_ids:
        for _ in range(int(rng.integers(0, 6))):
            cat = cat_ids[int(rng.integers(0, max(1, n_cats - 1)))]  # the last category has no objects
            side = float(rng.choice([8, 20, 40, 70, 120, 200])) * float(rng.uniform(0.7, 1.3))
            w, h = side * float(rng.uniform(0.6, 1.4)), side * float(rng.uniform(0.6, 1.4))
            x, y = float(rng.uniform(0, 400)), float(rng.uniform(0, 400))
            is_crowd = int(crowd and rng.random() < 0.1)
            area = w * h * float(rng.uniform(0.5, 1.0))  # like a segmentation's area: below the box's
            gts.append((img, cat, [x, y, w, h], is_crowd, area))
            for _ in range(int(rng.integers(0, 3))):  # detections near the object
                j = rng.normal(0, float(rng.uniform(0.01, 0.2)) * side, 4)
                rows.append((img, cat if rng.random() < 0.85 else cat_ids[int(rng.integers(0, n_cats))],
                             [x + j[0], y + j[1], max(1.0, w + j[2]), max(1.0, h + j[3])], round(float(rng.random()), 1)))
        for _ in range(int(rng.integers(0, 300 if many else 4))):  # false positives, ties in score (one decimal)
            rows.append((img, cat_ids[int(rng.integers(0, n_cats))],
                         [float(rng.uniform(0, 500)), float(rng.uniform(0, 500)), float(rng.uniform(2, 150)), float(rng.uniform(2, 150))],
                         round(float(rng.random()), 1)))
    order = rng.permutation(len(rows))
    inst = instances(gts, images=image_ids, cats=cat_ids)
    return name, inst, dets([rows[i] for i in order])


def main():
    check_hand_cases()
    if "--check" in sys.argv:
        print("hand-derived cases: ok")
        return
    rng = np.random.default_rng(20261201)
    cases = [(n, i, r) for n, i, r, _ in HAND_CASES]
    cases += [random_case(rng, f"random_{n}", n_images=int(rng.integers(2, 12)), n_cats=int(rng.integers(2, 5)),
                          crowd=n % 2 == 0) for n in range(12)]
    cases.append(random_case(rng, "random_many_detections", n_images=3, n_cats=2, many=True))
    out = []
    for name, inst, res in cases:
        expected = summarize(*evaluate(json.loads(json.dumps(inst)), res))
        out.append({"name": name, "instances": inst, "results": res, "expected": expected})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "coco_eval_cases.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {path}: {len(out)} cases")


if __name__ == "__main__":
    main()
