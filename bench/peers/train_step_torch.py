"""The peer of `ablate bench`: the same training step and inference batch in PyTorch eager.

The model is built by the reference implementations the C# models are tested against
(tests/reference/backbones_ref.py, attention_ref.py), so both sides run the same network with the same
state-dict layout. A training step is forward, cross entropy, backward and SGD (lr 0.01, momentum 0.9,
weight decay 1e-4); inference is a forward pass under torch.inference_mode() in eval mode. Timing as
timm's benchmark.py: warm-up steps, then the mean over timed steps. Prints one JSON object.
usage: /usr/bin/python3 train_step_torch.py --backbone resnet18 --attention cbam [--placement block]
       [--batch 32] [--input 32] [--classes 10] [--stem cifar] [--steps 20] [--warmup 5] [--threads 2]
"""
import argparse
import json
import os
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "reference"))
import backbones_ref  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--backbone", required=True)
    p.add_argument("--attention", default="none")
    p.add_argument("--attention-opt", action="append", default=[])
    p.add_argument("--placement", default="block")
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--input", type=int, default=224)
    p.add_argument("--in-channels", type=int, default=3)
    p.add_argument("--classes", type=int, default=1000)
    p.add_argument("--stem", default=None)
    p.add_argument("--width", type=float, default=1.0)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--mode", default="both", choices=["train", "infer", "both"])
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    stem = a.stem or ("imagenet" if a.input > 64 else "cifar")
    model = backbones_ref.build(a.backbone, a.classes, a.in_channels, stem, a.width)
    if a.attention != "none":
        options = dict(kv.split("=", 1) for kv in a.attention_opt)
        backbones_ref.place(model, a.placement, None, backbones_ref.attention_factory(a.attention, options))
    params = sum(q.numel() for q in model.parameters())
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
    x = torch.randn(a.batch, a.in_channels, a.input, a.input)
    y = torch.randint(0, a.classes, (a.batch,))

    def timed(step):
        for _ in range(a.warmup):
            step()
        t0 = time.perf_counter()
        for _ in range(a.steps):
            step()
        return (time.perf_counter() - t0) * 1000 / a.steps

    result = {"backbone": a.backbone, "attention": a.attention, "placement": a.placement, "batch": a.batch,
              "input": a.input, "in_channels": a.in_channels, "classes": a.classes, "stem": stem, "steps": a.steps,
              "warmup": a.warmup, "threads": a.threads, "params": params, "torch": torch.__version__}
    if a.mode != "infer":
        model.train()

        def train_step():
            loss = torch.nn.functional.cross_entropy(model(x), y)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            loss.item()

        ms = timed(train_step)
        result.update(train_ms_per_step=ms, train_img_s=a.batch * 1000 / ms)
    if a.mode != "train":
        model.eval()

        def infer_step():
            with torch.inference_mode():
                model(x).sum().item()

        ms = timed(infer_step)
        result.update(infer_ms_per_batch=ms, infer_img_s=a.batch * 1000 / ms)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
