"""The PyTorch-eager peer of bench/DetectorTrainStep: the same YOLOv5 training step.

Model and loss are tests/reference/detectors_ref.py's (ultralytics' structure, ComputeLoss with build_targets);
random batch, 3 fixed objects per image as the C# side lays them out; a step is forward, loss, zero_grad,
backward, SGD (lr 0.01, Nesterov momentum 0.937, weight decay 5e-4) and loss.item(). Prints one JSON object
with the mean step time after the warm-up steps.
usage: /usr/bin/python3 yolov5_train_step_torch.py [--model yolov5s] [--img 320] [--batch 8] [--threads 2]
       [--steps 10] [--warmup 3]
"""
import argparse
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "reference"))
import detectors_ref as R  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="yolov5s")
    ap.add_argument("--img", type=int, default=320)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--channels-last", action="store_true",
                    help="feed the batch as torch.channels_last (ours does on the CPU; ultralytics' train.py does not)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    nc = 80
    model = R.build(a.model, nc)
    model.train()
    hyp = R.hyp_for(nc, a.img)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.937, nesterov=True, weight_decay=5e-4)
    x = torch.rand(a.batch, 3, a.img, a.img)
    if a.channels_last:
        x = x.contiguous(memory_format=torch.channels_last)
    rows = []
    for b in range(a.batch):
        for k in range(3):
            rows.append([b, (b * 3 + k) % nc, 0.2 + 0.3 * k, 0.3 + 0.05 * (b % 8), 0.1 + 0.1 * k, 0.15 + 0.05 * k])
    targets = torch.tensor(rows, dtype=torch.float32)
    anchors = model.model[-1].anchors

    phases = [0.0, 0.0, 0.0, 0.0]  # forward, loss, zero_grad + backward, optimizer + item: ms summed over timed steps
    timing = [False]

    def step():
        t = [time.perf_counter()]

        def lap(i):
            now = time.perf_counter()
            if timing[0]:
                phases[i] += (now - t[0]) * 1000
            t[0] = now
        out = model(x)
        lap(0)
        loss, _, _ = R.yolov5_loss(out, targets, anchors, nc, hyp)
        lap(1)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        lap(2)
        opt.step()
        value = loss.item()
        lap(3)
        return value

    for _ in range(a.warmup):
        step()
    timing[0] = True
    c0, t0 = time.process_time(), time.perf_counter()
    last = 0.0
    for _ in range(a.steps):
        last = step()
    t1, c1 = time.perf_counter(), time.process_time()
    print(json.dumps({"peer": "pytorch-eager", "model": a.model, "img": a.img, "batch": a.batch, "threads": a.threads,
                      "steps": a.steps, "ms_per_step": (t1 - t0) * 1000 / a.steps,
                      "cpu_ms_per_step": (c1 - c0) * 1000 / a.steps,
                      "layout": "channels-last" if a.channels_last else "contiguous",
                      **{f"{n}_ms": v / a.steps for n, v in zip(("forward", "loss", "backward", "optimizer"), phases)},
                      "loss": last, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
