"""Golden parameter trajectories of torch.optim.SGD and AdamW for the trainer's optimizer.

Two parameters, a matrix w (3, 4) and a bias b (4,), start from fixed values and receive 5 fixed
gradients; the learning rate changes every step (as the trainer's per-step schedule does). Cases: SGD with
momentum and weight decay (plain and Nesterov), SGD whose bias has no weight decay (param groups), AdamW.
Prints JSON: initial values, gradients, lrs, and the parameters after each step per case.
"""
import json

import torch

torch.manual_seed(3)
W0 = torch.randn(3, 4)
B0 = torch.randn(4)
GRADS = [(torch.randn(3, 4), torch.randn(4)) for _ in range(5)]
LRS = [0.1, 0.08, 0.05, 0.03, 0.01]


def run(make):
    w = torch.nn.Parameter(W0.clone())
    b = torch.nn.Parameter(B0.clone())
    opt = make(w, b)
    out = []
    for (gw, gb), lr in zip(GRADS, LRS):
        for g in opt.param_groups:
            g["lr"] = lr
        w.grad, b.grad = gw.clone(), gb.clone()
        opt.step()
        out.append({"w": w.detach().reshape(-1).tolist(), "b": b.detach().tolist()})
    return out


cases = {
    "sgd": run(lambda w, b: torch.optim.SGD([w, b], lr=0.1, momentum=0.9, weight_decay=5e-4)),
    "sgd_nesterov": run(lambda w, b: torch.optim.SGD([w, b], lr=0.1, momentum=0.9, nesterov=True, weight_decay=5e-4)),
    "sgd_no_bias_decay": run(lambda w, b: torch.optim.SGD(
        [{"params": [w], "weight_decay": 5e-2}, {"params": [b], "weight_decay": 0.0}], lr=0.1, momentum=0.9)),
    "adamw": run(lambda w, b: torch.optim.AdamW([w, b], lr=0.1, weight_decay=1e-2)),
}
print(json.dumps({
    "w0": W0.reshape(-1).tolist(), "b0": B0.tolist(), "lrs": LRS,
    "grads": [{"w": gw.reshape(-1).tolist(), "b": gb.tolist()} for gw, gb in GRADS],
    "cases": cases,
}))
