"""The PyTorch-eager peer of bench/ResNetTrainStep: the same CIFAR ResNet-18 training step.

ResNet-18 in torchvision's layout with the CIFAR stem (3x3 stride-1 conv, no max pool), batch of
32x32x3 random images, 10 classes; a step is forward, cross entropy, zero_grad(set_to_none=True),
backward, SGD (lr 0.1, Nesterov momentum 0.9, weight decay 5e-4) and loss.item(), as the C# side.
Prints one JSON object with the mean step time (wall, and CPU time of all threads) after the warm-up steps. With --serve it warms up once, then
times one round of --steps steps per line read from stdin and prints one JSON object per round (so the C#
side can alternate rounds with it, both warm, under the same machine load).
usage: /usr/bin/python3 resnet18_train_step_torch.py [--threads 2] [--steps 10] [--warmup 5] [--batch 32] [--serve]
"""
import argparse
import json
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class BasicBlock(nn.Module):
    def __init__(self, inplanes, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(planes, planes, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = None
        if stride != 1 or inplanes != planes:
            self.downsample = nn.Sequential(nn.Conv2d(inplanes, planes, 1, stride=stride, bias=False), nn.BatchNorm2d(planes))

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        out += identity
        return self.relu(out)


class CifarResNet18(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 3, stride=1, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        stage = lambda i, p, s: nn.Sequential(BasicBlock(i, p, s), BasicBlock(p, p, 1))  # noqa: E731
        self.layer1, self.layer2 = stage(64, 64, 1), stage(64, 128, 2)
        self.layer3, self.layer4 = stage(128, 256, 2), stage(256, 512, 2)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(512, num_classes)

    def forward(self, x):
        x = self.relu(self.bn1(self.conv1(x)))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--serve", action="store_true")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = CifarResNet18()
    model.train()
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=5e-4)
    x = torch.randn(a.batch, 3, 32, 32)
    y = torch.randint(0, 10, (a.batch,))

    def step():
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        loss.item()

    def round_ms():
        """Wall time and process CPU time (all threads) per step, in ms."""
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(a.steps):
            step()
        return (time.perf_counter() - t0) * 1000 / a.steps, (time.process_time() - c0) * 1000 / a.steps

    for _ in range(a.warmup):
        step()
    if not a.serve:
        wall, cpu = round_ms()
        print(json.dumps({"train_ms_per_step": wall, "train_cpu_ms_per_step": cpu, "threads": a.threads, "batch": a.batch,
                          "torch": torch.__version__}))
        return
    print(json.dumps({"ready": True, "threads": a.threads, "torch": torch.__version__}), flush=True)
    for _ in sys.stdin:
        wall, cpu = round_ms()
        print(json.dumps({"train_ms_per_step": wall, "train_cpu_ms_per_step": cpu}), flush=True)


if __name__ == "__main__":
    main()
