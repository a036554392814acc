"""Reads and writes safetensors files for the reference scripts (there is no safetensors package here).

Format (https://github.com/huggingface/safetensors): an 8-byte little-endian header length N, N bytes of
UTF-8 JSON mapping each tensor name to {"dtype", "shape", "data_offsets": [begin, end]} (offsets relative
to the data after the header) and an optional "__metadata__" string map, then the raw little-endian,
row-major bytes. The C# side is src/Torch/Serialization/Safetensors.cs.

    from safetensors_io import load, save
    save({"w": torch.randn(3, 4)}, "x.safetensors", metadata={"source": "ops_golden.py"})
    tensors = load("x.safetensors")
"""
import json
import struct

import torch

_CODES = {
    torch.float64: "F64", torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
    torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8",
    torch.uint8: "U8", torch.bool: "BOOL",
}
_DTYPES = {code: dtype for dtype, code in _CODES.items()}


def save(tensors, path, metadata=None):
    """Writes a name -> tensor dict (tensors are detached and copied to the CPU, contiguous)."""
    items = sorted(tensors.items(), key=lambda kv: (-kv[1].element_size(), kv[0]))
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    for name, t in items:
        if t.dtype not in _CODES:
            raise ValueError(f"{path}: tensor '{name}' has dtype {t.dtype}, which safetensors cannot hold")
        data = _to_bytes(t)
        header[name] = {"dtype": _CODES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def load(path):
    """Reads every tensor of a file into a dict of CPU tensors."""
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) < 8:
        raise ValueError(f"{path}: truncated ({len(raw)} bytes)")
    (n,) = struct.unpack("<Q", raw[:8])
    if 8 + n > len(raw):
        raise ValueError(f"{path}: truncated header ({n} bytes announced, {len(raw) - 8} present)")
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    data = raw[8 + n:]
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        if e["dtype"] not in _DTYPES:
            raise ValueError(f"{path}: tensor '{name}' has unknown dtype {e['dtype']}")
        dtype, shape = _DTYPES[e["dtype"]], e["shape"]
        begin, end = e["data_offsets"]
        if not 0 <= begin <= end <= len(data):
            raise ValueError(f"{path}: tensor '{name}' offsets [{begin}, {end}] out of range")
        count = 1
        for s in shape:
            count *= s
        size = torch.empty((), dtype=dtype).element_size()
        if end - begin != count * size:
            raise ValueError(f"{path}: tensor '{name}' shape {shape} needs {count * size} bytes, has {end - begin}")
        if count == 0:
            out[name] = torch.empty(shape, dtype=dtype)
        else:
            out[name] = torch.frombuffer(bytearray(data[begin:end]), dtype=dtype).reshape(shape).clone()
    return out


def _to_bytes(t):
    t = t.detach().to("cpu").contiguous()
    if t.numel() == 0:
        return b""
    # Reinterpret as bytes without going through numpy (which has no bfloat16).
    return bytes(t.reshape(-1).view(torch.uint8).numpy().tobytes())


if __name__ == "__main__":
    import sys
    for name, t in load(sys.argv[1]).items():
        print(name, _CODES[t.dtype], list(t.shape))
