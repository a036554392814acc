#!/usr/bin/python3
"""Known values in every dtype, written by PyTorch, for StateDictInteropTests.cs (the safetensors reader's interop).

Writes tests/TorchSupport.Tests/fixtures/safetensors_dtypes.safetensors. The committed file was written by this
same function when it lived in the former ops_golden.py (the op-level fixtures of the old binding), hence the
"generator" metadata it carries; the values are constants, so a rerun writes the same tensors.
Run with Debian's PyTorch:  /usr/bin/python3 tests/reference/safetensors_dtypes.py
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safetensors_io import save  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "TorchSupport.Tests", "fixtures")


def dtype_fixture():
    """Known values in every dtype, for the safetensors reader's interop test."""
    return {
        "f32": torch.tensor([1.5, -2.0, 3.25]),
        "f32_2x3": torch.arange(6, dtype=torch.float32).reshape(2, 3),
        "f64": torch.tensor([0.1, 1e-300], dtype=torch.float64),
        "f16": torch.tensor([1.5, -2.0, 65504.0], dtype=torch.float16),
        "bf16": torch.tensor([1.5, -2.0, 3.0e38], dtype=torch.bfloat16),
        "i64": torch.tensor([-1, 0, 1 << 40]),
        "u8": torch.tensor([0, 128, 255], dtype=torch.uint8),
        "bool": torch.tensor([True, False]),
    }


def main():
    os.makedirs(FIXTURES, exist_ok=True)
    meta = {"generator": "tests/reference/safetensors_dtypes.py", "torch": torch.__version__}
    save(dtype_fixture(), os.path.join(FIXTURES, "safetensors_dtypes.safetensors"), meta)


if __name__ == "__main__":
    main()
