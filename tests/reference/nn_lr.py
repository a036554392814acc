"""Golden learning rates of torch.optim.lr_scheduler, for tests/TorchSupport.Tests/LrScheduleGoldenTests.cs.

An SGD optimizer with two parameter groups (lr 0.1 and 0.02) is scheduled for 35 steps; `<config>` holds
the learning rates after construction and after each step, float64 [36, 2]. Warmup configurations are
SequentialLR(LinearLR, then, milestones=[warmup]), what LinearWarmup in C# reproduces.

Run with Debian's PyTorch:  /usr/bin/python3 tests/reference/nn_lr.py
"""
import os
import sys
import warnings

import torch
from torch.optim import lr_scheduler as S

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safetensors_io import save  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "TorchSupport.Tests", "fixtures")
STEPS = 35


def warmup(opt, iters, start, then):
    return S.SequentialLR(opt, [S.LinearLR(opt, start_factor=start, total_iters=iters), then(opt)], milestones=[iters])


CONFIGS = {
    "step": lambda o: S.StepLR(o, step_size=7, gamma=0.5),
    "multistep": lambda o: S.MultiStepLR(o, milestones=[5, 12, 20], gamma=0.1),
    "cosine": lambda o: S.CosineAnnealingLR(o, T_max=30),
    "cosine_eta_min_past_tmax": lambda o: S.CosineAnnealingLR(o, T_max=25, eta_min=1e-3),
    "linear": lambda o: S.LinearLR(o, start_factor=0.1, total_iters=5),
    "warmup_cosine": lambda o: warmup(o, 5, 0.01, lambda o: S.CosineAnnealingLR(o, T_max=30, eta_min=1e-4)),
    "warmup_step": lambda o: warmup(o, 3, 0.1, lambda o: S.StepLR(o, step_size=7, gamma=0.5)),
    "warmup_multistep": lambda o: warmup(o, 4, 0.25, lambda o: S.MultiStepLR(o, milestones=[10, 20], gamma=0.1)),
}


def main():
    warnings.simplefilter("ignore")  # "step() before optimizer.step()": there is no training here
    out = {}
    for name, make in CONFIGS.items():
        params = [torch.zeros(1, requires_grad=True), torch.zeros(1, requires_grad=True)]
        opt = torch.optim.SGD([{"params": [params[0]]}, {"params": [params[1]], "lr": 0.02}], lr=0.1, momentum=0.9)
        sched = make(opt)
        rows = [[g["lr"] for g in opt.param_groups]]
        for _ in range(STEPS):
            opt.step()
            sched.step()
            rows.append([g["lr"] for g in opt.param_groups])
        out[name] = torch.tensor(rows, dtype=torch.float64)
    save(out, os.path.join(FIXTURES, "nn_lr.safetensors"), metadata={"source": "tests/reference/nn_lr.py"})


if __name__ == "__main__":
    main()
