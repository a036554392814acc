#!/usr/bin/env python3
"""Reference TensorBoard event file, written from the format's definitions alone (no TensorFlow, no
tensorboard package: Debian 12 ships neither, and torch.utils.tensorboard needs the latter).

  tensorboard_ref.py --out DIR [--epochs 3]
writes DIR/events.out.tfevents.<time>.reference and DIR/expected.json (every scalar: tag, step,
wall_time, value as the file stores it, float32-rounded where it is a float), for the C# reader in
src/Reports/TensorBoard to be checked against.

Framing (tensorflow/core/lib/io/record_writer.cc): uint64 LE length, uint32 LE masked CRC-32C of the
length bytes, data, uint32 LE masked CRC-32C of the data; mask(c) = ((c >> 15) | (c << 17)) + 0xa282ead8.
Messages (tensorflow/core/util/event.proto, framework/summary.proto, framework/tensor.proto), encoded by
hand in protobuf's wire format: Event {1: double wall_time, 2: int64 step, 3: string file_version,
5: Summary}; Summary {1: repeated Value}; Value {1: string tag, 2: float simple_value, 8: TensorProto,
9: SummaryMetadata}; TensorProto {1: dtype, 2: TensorShapeProto, 4: bytes tensor_content,
5: packed float float_val, 6: packed double double_val}.
The series are what a run logs per epoch: train/loss and train/top1 as simple_value (PyTorch's
add_scalar), test/top1 and test/top5 as float tensors (new-style scalars), lr as a double tensor in
double_val, throughput as a float tensor in tensor_content, plus a histogram-like non-scalar tensor the
reader must skip.
"""
import argparse
import json
import math
import os
import struct


def crc32c(data: bytes) -> int:
    """CRC-32C, bit by bit (reflected polynomial 0x82F63B78): a different implementation from the reader's table."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def masked_crc(data: bytes) -> int:
    c = crc32c(data)
    return (((c >> 15) | (c << 17)) + 0xA282EAD8) & 0xFFFFFFFF


# Check values: "123456789" (the CRC catalogue's check), 32 zero bytes (RFC 3720, appendix B.4).
assert crc32c(b"123456789") == 0xE3069283
assert crc32c(bytes(32)) == 0x8A9136AA


def varint(n: int) -> bytes:
    out = bytearray()
    n &= (1 << 64) - 1
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def key(number: int, wire: int) -> bytes:
    return varint((number << 3) | wire)


def f_varint(number, value):
    return key(number, 0) + varint(value)


def f_double(number, value):
    return key(number, 1) + struct.pack("<d", value)


def f_float(number, value):
    return key(number, 5) + struct.pack("<f", value)


def f_bytes(number, data: bytes):
    return key(number, 2) + varint(len(data)) + data


def f_string(number, text):
    return f_bytes(number, text.encode("utf-8"))


DT_FLOAT, DT_DOUBLE = 1, 2


def scalar_metadata():
    # SummaryMetadata {1: PluginData {1: plugin_name}}
    return f_bytes(9, f_bytes(1, f_string(1, "scalars")))


def value_simple(tag, v):
    return f_string(1, tag) + f_float(2, v)


def value_float_tensor(tag, v):
    tensor = f_varint(1, DT_FLOAT) + f_bytes(2, b"") + f_bytes(5, struct.pack("<f", v))
    return f_string(1, tag) + scalar_metadata() + f_bytes(8, tensor)


def value_double_tensor(tag, v):
    tensor = f_varint(1, DT_DOUBLE) + f_bytes(2, b"") + f_bytes(6, struct.pack("<d", v))
    return f_string(1, tag) + f_bytes(8, tensor)


def value_content_tensor(tag, v):
    tensor = f_varint(1, DT_FLOAT) + f_bytes(2, b"") + f_bytes(4, struct.pack("<f", v))
    return f_string(1, tag) + f_bytes(8, tensor)


def value_vector_tensor(tag, vs):
    # TensorShapeProto {2: Dim {1: size}}: a vector, not a scalar.
    shape = f_bytes(2, f_varint(1, len(vs)))
    tensor = f_varint(1, DT_FLOAT) + f_bytes(2, shape) + f_bytes(5, struct.pack("<%df" % len(vs), *vs))
    return f_string(1, tag) + f_bytes(8, tensor)


def event(wall, step=None, file_version=None, values=()):
    msg = f_double(1, wall)
    if step is not None:
        msg += f_varint(2, step)
    if file_version is not None:
        msg += f_string(3, file_version)
    if values:
        msg += f_bytes(5, b"".join(f_bytes(1, v) for v in values))
    return msg


def record(data: bytes) -> bytes:
    length = struct.pack("<Q", len(data))
    return length + struct.pack("<I", masked_crc(length)) + data + struct.pack("<I", masked_crc(data))


def f32(v):
    return struct.unpack("<f", struct.pack("<f", v))[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--epochs", type=int, default=3)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    t0 = 1764547200.0
    records = [event(t0, file_version="brain.Event:2")]
    expected = []
    for epoch in range(1, a.epochs + 1):
        wall = t0 + 10.5 * epoch
        loss, top1 = 2.3 / epoch, 0.1 + 0.25 * (1 - math.exp(-epoch))
        test_top1, test_top5, lr, img_s = top1 - 0.02, min(1.0, top1 + 0.4), 0.1 * 0.5 ** (epoch - 1), 812.25 + epoch
        # train scalars as PyTorch's add_scalar writes them, one event each
        records.append(event(wall, epoch, values=[value_simple("train/loss", loss)]))
        records.append(event(wall, epoch, values=[value_simple("train/top1", top1)]))
        expected += [("train/loss", epoch, wall, f32(loss)), ("train/top1", epoch, wall, f32(top1))]
        # test scalars as new-style float tensors, both in one summary
        records.append(event(wall + 1, epoch, values=[value_float_tensor("test/top1", test_top1), value_float_tensor("test/top5", test_top5)]))
        expected += [("test/top1", epoch, wall + 1, f32(test_top1)), ("test/top5", epoch, wall + 1, f32(test_top5))]
        records.append(event(wall + 1, epoch, values=[value_double_tensor("lr", lr), value_content_tensor("train/img_s", img_s),
                                                      value_vector_tensor("not/a/scalar", [1.0, 2.0, 3.0])]))
        expected += [("lr", epoch, wall + 1, lr), ("train/img_s", epoch, wall + 1, f32(img_s))]
    path = os.path.join(a.out, "events.out.tfevents.%d.reference" % int(t0))
    with open(path, "wb") as f:
        for r in records:
            f.write(record(r))
    with open(os.path.join(a.out, "expected.json"), "w") as f:
        json.dump({"file": os.path.basename(path), "file_version": "brain.Event:2", "records": len(records),
                   "scalars": [{"tag": t, "step": s, "wall_time": w, "value": v} for t, s, w, v in expected]}, f, indent=1)


if __name__ == "__main__":
    main()
