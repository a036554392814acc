#!/usr/bin/python3
"""Golden values for nn default initialisation and torch.nn.init under torch.manual_seed.

Writes tests/TorchSupport.Tests/fixtures/nn_init.safetensors: the tensors PyTorch produces, so the C# layers can be
checked to draw the same numbers from the same generator in the same order (InitTests.cs).
Run with Debian's python3-torch: /usr/bin/python3 tests/reference/nn_init.py
"""
import math
import os
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safetensors_io import save  # noqa: E402


def entry(t):
    return t.detach().clone()


def main():
    out = {}
    torch.manual_seed(0)
    conv = nn.Conv2d(3, 4, 3)
    conv_nobias = nn.Conv2d(4, 2, (1, 3), bias=False)
    out["conv.weight"] = entry(conv.weight)
    out["conv.bias"] = entry(conv.bias)
    out["conv_nobias.weight"] = entry(conv_nobias.weight)

    torch.manual_seed(1)
    w = torch.empty(6, 4, 3, 3)
    nn.init.kaiming_normal_(w, mode="fan_out", nonlinearity="relu")
    out["kaiming_normal_fan_out_relu"] = entry(w)
    u = torch.empty(5, 7)
    nn.init.kaiming_uniform_(u, a=math.sqrt(5))
    out["kaiming_uniform_a_sqrt5"] = entry(u)
    n = torch.empty(10)
    nn.init.normal_(n, 0.5, 0.01)
    out["normal_0.5_0.01"] = entry(n)
    v = torch.empty(10)
    nn.init.uniform_(v, -2, 3)
    out["uniform_-2_3"] = entry(v)

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "TorchSupport.Tests", "fixtures", "nn_init.safetensors")
    save(out, path, metadata={"source": "tests/reference/nn_init.py"})


if __name__ == "__main__":
    main()
