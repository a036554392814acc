"""PyTorch eager peer of `dotnet run -c Release --project bench/Ablation.Bench -- engine`.

Runs as a child process of the C# benchmark and answers timing commands on stdin, one JSON line each, (wall and process CPU
time), so the two sides take turns on the same machine in one run (never at the same time):
    op <iters>                 per-op overhead: `a + b` on 1-element tensors, microseconds per call
    step_functional <steps>    training step of the small CNN written with torch.nn.functional, SGD by hand
    step_module <steps>        the same CNN as nn.Sequential with torch.optim.SGD (typical PyTorch code)
    quit
The CNN (identical on both sides): 4 x (conv3x3 without bias, BatchNorm2d, ReLU), channels
3-16-32-64-64, strides 1-2-2-1, global average pooling, linear head; cross entropy; SGD lr 0.1,
momentum 0.9, weight decay 5e-4, gradients set to None each step.
"""
import argparse
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

CHANNELS = [3, 16, 32, 64, 64]
STRIDES = [1, 2, 2, 1]
LR, MOMENTUM, WEIGHT_DECAY = 0.1, 0.9, 5e-4


def functional_model(classes):
    params, buffers = [], []
    for cin, cout in zip(CHANNELS, CHANNELS[1:]):
        w = (torch.randn(cout, cin, 3, 3) * (2.0 / (cin * 9)) ** 0.5).requires_grad_()
        params += [w, torch.ones(cout, requires_grad=True), torch.zeros(cout, requires_grad=True)]
        buffers += [torch.zeros(cout), torch.ones(cout)]
    params += [(torch.randn(classes, CHANNELS[-1]) * 0.1).requires_grad_(), torch.zeros(classes, requires_grad=True)]
    return params, buffers


def functional_forward(x, params, buffers):
    for i, stride in enumerate(STRIDES):
        w, g, b = params[3 * i:3 * i + 3]
        x = F.conv2d(x, w, None, stride, 1)
        x = F.batch_norm(x, buffers[2 * i], buffers[2 * i + 1], g, b, True, 0.1, 1e-5)
        x = F.relu(x)
    x = F.adaptive_avg_pool2d(x, 1).flatten(1)
    return F.linear(x, params[-2], params[-1])


def functional_step(x, y, params, buffers, momentum_buffers):
    for p in params:
        p.grad = None
    loss = F.cross_entropy(functional_forward(x, params, buffers), y)
    loss.backward()
    with torch.no_grad():
        for p, buf in zip(params, momentum_buffers):
            d = p.grad.add(p, alpha=WEIGHT_DECAY)
            buf.mul_(MOMENTUM).add_(d)
            p.add_(buf, alpha=-LR)
    return loss


def module_model(classes):
    layers = []
    for (cin, cout), stride in zip(zip(CHANNELS, CHANNELS[1:]), STRIDES):
        layers += [nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True)]
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(CHANNELS[-1], classes)]
    model = nn.Sequential(*layers)
    return model, torch.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM, weight_decay=WEIGHT_DECAY)


def module_step(x, y, model, opt):
    opt.zero_grad(set_to_none=True)
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    opt.step()
    return loss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--image", type=int, default=32)
    ap.add_argument("--classes", type=int, default=10)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    x = torch.randn(a.batch, 3, a.image, a.image)
    y = torch.randint(0, a.classes, (a.batch,))
    params, buffers = functional_model(a.classes)
    momentum_buffers = [torch.zeros_like(p) for p in params]
    model, opt = module_model(a.classes)
    one, two = torch.ones(1), torch.ones(1)
    print(json.dumps({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)

    for line in sys.stdin:
        cmd, *rest = line.split()
        n = int(rest[0]) if rest else 0
        if cmd == "quit":
            break
        start, cpu = time.perf_counter(), time.process_time()
        if cmd == "op":
            for _ in range(n):
                one + two
            result = {"us_per_op": (time.perf_counter() - start) / n * 1e6, "cpu_us_per_op": (time.process_time() - cpu) / n * 1e6}
        elif cmd == "step_functional":
            for _ in range(n):
                functional_step(x, y, params, buffers, momentum_buffers)
            result = {"ms_per_step": (time.perf_counter() - start) / n * 1e3, "cpu_ms_per_step": (time.process_time() - cpu) / n * 1e3}
        elif cmd == "step_module":
            for _ in range(n):
                module_step(x, y, model, opt)
            result = {"ms_per_step": (time.perf_counter() - start) / n * 1e3, "cpu_ms_per_step": (time.process_time() - cpu) / n * 1e3}
        else:
            result = {"error": f"unknown command {cmd}"}
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
