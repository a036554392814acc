"""Golden learning rates of torch.optim.lr_scheduler for the training recipe's schedules.

Prints JSON: for each case, the lr of every epoch (per-epoch stepping, no warmup) as PyTorch computes it
for StepLR, MultiStepLR and CosineAnnealingLR(eta_min=0). Run with Debian's python3-torch.
"""
import json

import torch

EPOCHS, LR = 12, 0.1


def rates(make):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=LR, momentum=0.9)
    sched = make(opt)
    out = []
    for _ in range(EPOCHS):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return out


print(json.dumps({
    "epochs": EPOCHS, "lr": LR,
    "step": {"step_size": 5, "gamma": 0.5,
             "lrs": rates(lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=5, gamma=0.5))},
    "multistep": {"milestones": [3, 7], "gamma": 0.1,
                  "lrs": rates(lambda o: torch.optim.lr_scheduler.MultiStepLR(o, milestones=[3, 7], gamma=0.1))},
    "cosine": {"lrs": rates(lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=EPOCHS, eta_min=0))},
}))
