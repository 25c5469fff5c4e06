"""Loads a Flint-written safetensors state dict into torch and compares a forward pass."""
import json
import struct
import sys

import torch

DTYPES = {"F32": torch.float32, "F64": torch.float64, "I32": torch.int32, "BOOL": torch.bool}


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        buf = bytearray(raw[8 + n + begin : 8 + n + end])
        out[name] = torch.frombuffer(buf, dtype=DTYPES[info["dtype"]]).reshape(info["shape"]) if buf else torch.zeros(info["shape"], dtype=DTYPES[info["dtype"]])
    return out, header.get("__metadata__")


folder = sys.argv[1]
state, meta = read_safetensors(f"{folder}/model.safetensors")
io, _ = read_safetensors(f"{folder}/io.safetensors")
model = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
result = model.load_state_dict(state, strict=True)
with torch.no_grad():
    y = model(io["x"])
err = (y - io["y"]).abs().max().item()
print(f"torch {torch.__version__} loaded {len(state)} tensors {sorted(state)} (metadata {meta}); {result}")
print(f"max |torch - flint| on the forward pass: {err:.3g}")
if err > 1e-5:
    sys.exit(1)
print("torch-load-check: ok")
