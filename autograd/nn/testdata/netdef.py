"""The module of state_test.go in PyTorch: an embedding, a Linear-BatchNorm1d-ReLU
block, a LayerNorm and a Linear head (gen_state.py and load_safetensors.py)."""
import json
import struct

import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(6, 4, padding_idx=0)
        self.block = nn.Sequential(nn.Linear(4, 5), nn.BatchNorm1d(5), nn.ReLU())
        self.norm = nn.LayerNorm(5)
        self.head = nn.Linear(5, 2)

    def forward(self, idx):
        return self.head(self.norm(self.block(self.emb(idx).mean(1))))


IDX = torch.tensor([[1, 2, 0], [3, 4, 5], [5, 5, 1], [2, 0, 0]])

DTYPES = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64", torch.bool: "BOOL",
          torch.float16: "F16", torch.bfloat16: "BF16", torch.int32: "I32", torch.int16: "I16",
          torch.int8: "I8", torch.uint8: "U8"}
NAMES = {v: k for k, v in DTYPES.items()}
FORMATS = {"F32": "f", "F64": "d", "I64": "q", "BOOL": "?", "F16": "e", "BF16": "h", "I32": "i",
           "I16": "h", "I8": "b", "U8": "B"}


def save(sd, path):
    """The safetensors format written from its definition (Debian's python has no
    safetensors package): header length (u64 little-endian), JSON header, raw data."""
    header, data = {}, b""
    for k, t in sd.items():
        t = t.contiguous()
        name = DTYPES[t.dtype]
        if t.dtype == torch.bfloat16:  # no struct format: its 16 bits as an int16
            t = t.view(torch.int16)
        raw = struct.pack("<%d%s" % (t.numel(), FORMATS[name]), *t.flatten().tolist())
        header[k] = {"dtype": name, "shape": list(t.shape), "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    h = json.dumps(header).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + data)


def load(path):
    """A safetensors file as an ordered dict of tensors (header order)."""
    with open(path, "rb") as f:
        raw = f.read()
    n, = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    data = raw[8 + n:]
    out = {}
    for k, e in header.items():
        if k == "__metadata__":
            continue
        b, end = e["data_offsets"]
        fmt = FORMATS[e["dtype"]]
        count = (end - b) // struct.calcsize(fmt)
        vals = struct.unpack("<%d%s" % (count, fmt), data[b:end])
        if e["dtype"] == "BF16":
            out[k] = torch.tensor(vals, dtype=torch.int16).view(torch.bfloat16).reshape(e["shape"])
        else:
            out[k] = torch.tensor(vals, dtype=NAMES[e["dtype"]]).reshape(e["shape"])
    return out
