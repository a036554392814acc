"""Golden values of every nn layer from PyTorch, for tests/TorchSupport.Tests/LayerGoldenTests.cs.

For each case the layer is built right after torch.manual_seed(<case index>) (so the C# layer built after
the same seed must hold the same initial state: PyTorch's default init drawn in the same order), then:
  two training steps: forward of x<i>, backward of sum(out * gout<i>); gradients of input and parameters
  after step 1 are stored, running statistics after each step;
  one evaluation step: forward of x_eval.
Dropout cases seed 1000 + step right before each forward (the mask is drawn from the same generator).
Keys, for case c:
  c.index              the case's position (the seed of its construction)
  c.state.<key>        the state dict right after construction
  c.x<i>, c.gout<i>    inputs and upstream gradients of training step i (1, 2)
  c.out<i>             outputs of training step i
  c.grad.input         gradient of x1;  c.grad.<param>: gradient of each parameter after step 1
  c.after<i>.<key>     the state dict after training step i (running statistics, num_batches_tracked)
  c.x_eval, c.out_eval evaluation mode
The small CNN of the state-dict round trip (`roundtrip.*`): its state dict, an input and its output.

Run with Debian's PyTorch:  /usr/bin/python3 tests/reference/nn_layers.py
"""
import os
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safetensors_io import save  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "TorchSupport.Tests", "fixtures")

# (name, constructor, input shape); the C# test holds the same names with the same constructors.
CASES = [
    ("conv2d", lambda: nn.Conv2d(3, 4, 3, stride=2, padding=1), (2, 3, 7, 7)),
    ("conv2d_groups_nobias", lambda: nn.Conv2d(4, 8, (1, 3), padding=(0, 1), groups=2, bias=False), (2, 4, 5, 6)),
    ("conv2d_dilation", lambda: nn.Conv2d(2, 3, 3, padding=2, dilation=2), (1, 2, 6, 6)),
    ("conv1d_eca", lambda: nn.Conv1d(1, 1, 3, padding=1, bias=False), (2, 1, 8)),
    ("conv1d", lambda: nn.Conv1d(4, 6, 3, stride=2, groups=2), (2, 4, 9)),
    ("linear", lambda: nn.Linear(6, 4), (3, 6)),
    ("linear_nobias_3d", lambda: nn.Linear(5, 2, bias=False), (2, 3, 5)),
    ("batchnorm2d", lambda: nn.BatchNorm2d(3), (4, 3, 5, 5)),
    ("batchnorm2d_momentum_eps", lambda: nn.BatchNorm2d(3, eps=1e-3, momentum=0.3), (2, 3, 4, 4)),
    ("batchnorm2d_cumulative", lambda: nn.BatchNorm2d(3, momentum=None), (4, 3, 3, 3)),
    ("batchnorm2d_noaffine", lambda: nn.BatchNorm2d(3, affine=False), (4, 3, 3, 3)),
    ("batchnorm2d_nostats", lambda: nn.BatchNorm2d(3, track_running_stats=False), (4, 3, 3, 3)),
    ("batchnorm1d", lambda: nn.BatchNorm1d(5), (6, 5)),
    ("batchnorm1d_3d", lambda: nn.BatchNorm1d(5), (4, 5, 3)),
    ("relu", lambda: nn.ReLU(), (2, 3, 4, 4)),
    ("relu_inplace", lambda: nn.ReLU(inplace=True), (2, 3, 4, 4)),
    ("relu6", lambda: nn.ReLU6(), (2, 3, 4, 4)),
    ("silu", lambda: nn.SiLU(), (2, 3, 4, 4)),
    ("hardswish", lambda: nn.Hardswish(), (2, 3, 4, 4)),
    ("hardsigmoid", lambda: nn.Hardsigmoid(), (2, 3, 4, 4)),
    ("mish", lambda: nn.Mish(), (2, 3, 4, 4)),
    ("sigmoid", lambda: nn.Sigmoid(), (2, 3, 4, 4)),
    ("tanh", lambda: nn.Tanh(), (2, 3, 4, 4)),
    ("leaky_relu", lambda: nn.LeakyReLU(0.2), (2, 3, 4, 4)),
    ("gelu", lambda: nn.GELU(), (2, 3, 4, 4)),
    ("maxpool2d", lambda: nn.MaxPool2d(3, 2, 1), (2, 3, 9, 9)),
    ("maxpool2d_ceil", lambda: nn.MaxPool2d(2, ceil_mode=True), (1, 2, 5, 5)),
    ("avgpool2d", lambda: nn.AvgPool2d(2), (2, 3, 6, 6)),
    ("avgpool2d_pad_exclude", lambda: nn.AvgPool2d(3, 2, 1, count_include_pad=False), (1, 2, 7, 7)),
    ("adaptive_avgpool2d_1", lambda: nn.AdaptiveAvgPool2d(1), (2, 3, 5, 5)),
    ("adaptive_avgpool2d_3", lambda: nn.AdaptiveAvgPool2d(3), (2, 3, 7, 8)),
    ("adaptive_avgpool2d_h1", lambda: nn.AdaptiveAvgPool2d((5, 1)), (2, 3, 5, 4)),
    ("adaptive_maxpool2d_2", lambda: nn.AdaptiveMaxPool2d(2), (2, 3, 5, 5)),
    ("dropout", lambda: nn.Dropout(0.3), (4, 8)),
    ("flatten", lambda: nn.Flatten(), (2, 3, 2, 2)),
    ("identity", lambda: nn.Identity(), (2, 3)),
    ("sequential", lambda: nn.Sequential(nn.Conv2d(2, 4, 3, padding=1, bias=False), nn.BatchNorm2d(4), nn.ReLU()), (2, 2, 5, 5)),
]


class RoundTripNet(nn.Module):
    """The model of the state-dict round trip; RoundTripNet in LayerGoldenTests.cs is the same model."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(8)
        self.layer1 = nn.Sequential(nn.Conv2d(8, 8, 3, stride=2, padding=1), nn.BatchNorm2d(8), nn.ReLU())
        self.fc = nn.Linear(8, 5)

    def forward(self, x):
        x = torch.relu(self.bn1(self.conv1(x)))
        x = self.layer1(x)
        return self.fc(torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1))


def dropout_seed(name, step):
    if name.startswith("dropout"):
        torch.manual_seed(1000 + step)


def main():
    torch.set_num_threads(1)
    out = {}
    for index, (name, make, shape) in enumerate(CASES):
        out[f"{name}.index"] = torch.tensor(index)
        torch.manual_seed(index)
        layer = make()
        for k, v in layer.state_dict().items():
            out[f"{name}.state.{k}"] = v.clone()
        gen = torch.Generator().manual_seed(10_000 + index)
        layer.train()
        for step in (1, 2):
            x = (torch.randn(*shape, generator=gen) * 2).requires_grad_()
            out[f"{name}.x{step}"] = x.detach().clone()
            dropout_seed(name, step)
            y = layer(x.clone() if name == "relu_inplace" else x)
            gout = torch.randn(*y.shape, generator=gen)
            out[f"{name}.out{step}"] = y.detach().clone()
            out[f"{name}.gout{step}"] = gout
            layer.zero_grad()
            (y * gout).sum().backward()
            if step == 1:
                out[f"{name}.grad.input"] = x.grad.clone()
                for k, p in layer.named_parameters():
                    out[f"{name}.grad.{k}"] = p.grad.clone()
            for k, v in layer.state_dict().items():
                if k not in dict(layer.named_parameters()):
                    out[f"{name}.after{step}.{k}"] = v.clone()
        layer.eval()
        x = torch.randn(*shape, generator=gen)
        out[f"{name}.x_eval"] = x
        with torch.no_grad():
            out[f"{name}.out_eval"] = layer(x).clone()

    torch.manual_seed(7)
    net = RoundTripNet()
    x = torch.randn(2, 3, 8, 8)
    net.train()
    net(torch.randn(4, 3, 8, 8))  # moves the running statistics away from their initial values
    net.eval()
    for k, v in net.state_dict().items():
        out[f"roundtrip.state.{k}"] = v.clone()
    out["roundtrip.x"] = x
    with torch.no_grad():
        out["roundtrip.out"] = net(x)

    save(out, os.path.join(FIXTURES, "nn_layers.safetensors"), metadata={"source": "tests/reference/nn_layers.py"})


if __name__ == "__main__":
    main()
