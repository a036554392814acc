"""Golden values of torch.optim.SGD and AdamW over 5 steps, for tests/TorchSupport.Tests/OptimizerGoldenTests.cs.

Three parameters (2-d, 1-d, 4-d) start from `init.p<j>`; at step k each gets the gradient `grad<k>.p<j>`
(parameter 2 gets none at step 3: optimizers skip it). For each configuration, the parameters after every
step (`<config>.step<k>.p<j>`) and the optimizer state after step 5 (`<config>.state.<j>.<slot>`) are stored.
The C# test builds the same configurations under the same names.

Run with Debian's PyTorch:  /usr/bin/python3 tests/reference/nn_optim.py
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safetensors_io import save  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "TorchSupport.Tests", "fixtures")
SHAPES = [(3, 4), (4,), (2, 3, 2, 2)]
STEPS = 5
SKIP = {(3, 2)}  # (step, parameter) without a gradient


def configs():
    O = torch.optim
    return {
        "sgd_plain": lambda p: O.SGD(p, lr=0.1),
        "sgd_momentum": lambda p: O.SGD(p, lr=0.1, momentum=0.9),
        "sgd_dampening_wd": lambda p: O.SGD(p, lr=0.05, momentum=0.8, dampening=0.3, weight_decay=1e-2),
        "sgd_nesterov_wd": lambda p: O.SGD(p, lr=0.1, momentum=0.9, nesterov=True, weight_decay=5e-4),
        "sgd_groups": lambda p: O.SGD([{"params": [p[0], p[2]], "weight_decay": 5e-4},
                                       {"params": [p[1]], "weight_decay": 0.0, "lr": 0.01}],
                                      lr=0.1, momentum=0.9, nesterov=True),
        "adamw_default": lambda p: O.AdamW(p, lr=0.01),
        "adamw_custom": lambda p: O.AdamW(p, lr=0.02, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.05),
        "adamw_groups": lambda p: O.AdamW([{"params": [p[0], p[2]], "weight_decay": 0.1},
                                           {"params": [p[1]], "weight_decay": 0.0, "lr": 0.005}], lr=0.01),
    }


def main():
    torch.set_num_threads(1)
    torch.manual_seed(4)
    out = {}
    init = [torch.randn(*s) for s in SHAPES]
    grads = {(k, j): torch.randn(*SHAPES[j]) for k in range(1, STEPS + 1) for j in range(len(SHAPES)) if (k, j) not in SKIP}
    for j, t in enumerate(init):
        out[f"init.p{j}"] = t
    for (k, j), g in grads.items():
        out[f"grad{k}.p{j}"] = g
    for name, make in configs().items():
        params = [t.clone().requires_grad_() for t in init]
        opt = make(params)
        for k in range(1, STEPS + 1):
            for j, p in enumerate(params):
                p.grad = grads[(k, j)].clone() if (k, j) in grads else None
            opt.step()
            for j, p in enumerate(params):
                out[f"{name}.step{k}.p{j}"] = p.detach().clone()
        # State by parameter position in `params` (the C# test maps its group order the same way).
        for j, p in enumerate(params):
            for slot, value in opt.state[p].items():
                if value is None:  # SGD without momentum keeps a None buffer
                    continue
                out[f"{name}.state.{j}.{slot}"] = value.detach().clone().float() if slot == "step" else value.detach().clone()
    save(out, os.path.join(FIXTURES, "nn_optim.safetensors"), metadata={"source": "tests/reference/nn_optim.py"})


if __name__ == "__main__":
    main()
