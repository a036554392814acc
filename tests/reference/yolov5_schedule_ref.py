"""Reference for DetectionSchedule / DetectionRecipe: the lr, momentum and accumulate of ultralytics YOLOv5's
train.py (v7.0), written from its formulas with numpy, independent of the C# code.

  lf linear:  (1 - x / epochs) * (1 - lrf) + lrf           cosine: one_cycle(1, lrf, epochs)
  nw = max(round(warmup_epochs * nb), 100)
  warm-up (ni <= nw): accumulate = max(1, np.interp(ni, [0, nw], [1, nbs / batch]).round())
                      lr_j = np.interp(ni, [0, nw], [warmup_bias_lr if j == 0 else 0, lr0 * lf(epoch)])
                      momentum = np.interp(ni, [0, nw], [warmup_momentum, momentum])
  weight_decay *= batch * accumulate / nbs, accumulate = max(round(nbs / batch), 1)

Run: /usr/bin/python3 tests/reference/yolov5_schedule_ref.py  (prints the values the tests hold)
"""
import math
import numpy as np

lr0, lrf, mom, wmom, wblr, nbs = 0.01, 0.01, 0.937, 0.8, 0.1, 64

def lf(kind, x, epochs):
    if kind == "linear":
        return (1 - x / epochs) * (1.0 - lrf) + lrf
    return ((1 - math.cos(x * math.pi / epochs)) / 2) * (lrf - 1) + 1

for kind, epochs, nb, batch, warm in [("linear", 30, 32, 16, 3.0), ("cosine", 10, 7, 8, 3.0)]:
    nw = max(round(warm * nb), 100)
    accumulate = max(round(nbs / batch), 1)
    print(kind, "epochs", epochs, "nb", nb, "batch", batch, "nw", nw, "accumulate", accumulate,
          "wd", 5e-4 * batch * accumulate / nbs)
    for ni in [0, 1, 37, 99, 150, 500]:
        epoch = ni // nb
        if ni <= nw:
            acc = max(1, np.interp(ni, [0, nw], [1, nbs / batch]).round())
            lrs = [np.interp(ni, [0, nw], [wblr if j == 0 else 0.0, lr0 * lf(kind, epoch, epochs)]) for j in range(3)]
            m = np.interp(ni, [0, nw], [wmom, mom])
        else:
            acc = accumulate
            lrs = [lr0 * lf(kind, epoch, epochs)] * 3
            m = mom
        print(f"  ni {ni} epoch {epoch} lr0 {lrs[0]!r} lr1 {lrs[1]!r} momentum {float(m)!r} accumulate {int(acc)}")
