#!/usr/bin/python3
"""Goldens for state_test.go and norm_test.go from PyTorch 1.13:

    cd autograd/nn/testdata && /usr/bin/python3 gen_state.py

writes dtypes.safetensors (a tensor of each dtype of the format) and state.json (reprs of the normalisation layers, batch norm's running statistics
over training steps, the Embedding initialisation after a seed, the module of
netdef.py's names and its eval output, load_state_dict's errors and results) and
net.safetensors (that module's state dict, written per the format by netdef.save).
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../internal/golden'))
from golden import use_openblas  # noqa: E402

use_openblas()

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

from netdef import IDX, Net, save  # noqa: E402

torch.set_num_threads(1)
out = {}

out["reprs"] = [repr(m) for m in (
    nn.BatchNorm1d(3), nn.BatchNorm2d(6),
    nn.BatchNorm1d(4, eps=1e-3, momentum=None, affine=False, track_running_stats=False),
    nn.BatchNorm2d(2, momentum=0.01, affine=False), nn.LayerNorm(10),
    nn.LayerNorm((3, 4), eps=1e-6, elementwise_affine=False), nn.Embedding(10, 3),
    nn.Embedding(10, 3, padding_idx=-2), nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3)))]

# batch norm through training steps, then evaluation
torch.manual_seed(0)
steps = []
for kind, shape, kw in (("1d", (6, 3), {}), ("1d", (4, 3, 5), {"momentum": None}), ("2d", (2, 3, 4, 4), {"momentum": 0.3})):
    m = (nn.BatchNorm1d if kind == "1d" else nn.BatchNorm2d)(3, **kw)
    with torch.no_grad():
        m.weight.copy_(torch.tensor([0.5, 1.5, -1.0]))
        m.bias.copy_(torch.tensor([0.1, -0.2, 0.3]))
    xs = [torch.randn(shape) * 2 + 1 for _ in range(3)]
    rec = {"kind": kind, "momentum": kw.get("momentum", 0.1), "inputs": [x.flatten().tolist() for x in xs],
           "shape": list(shape), "running_mean": [], "running_var": [], "num_batches_tracked": []}
    for x in xs:
        y = m(x)
        rec["running_mean"].append(m.running_mean.tolist())
        rec["running_var"].append(m.running_var.tolist())
        rec["num_batches_tracked"].append(int(m.num_batches_tracked))
    rec["train_out"] = y.flatten().tolist()
    m.eval()
    y = m(xs[0])
    rec["eval_out"] = y.flatten().tolist()
    rec["eval_grad_fn"] = type(y.grad_fn).__name__
    steps.append(rec)
out["batchnorm_steps"] = steps

torch.manual_seed(0)
out["embedding_init"] = nn.Embedding(5, 3, padding_idx=1).weight.flatten().tolist()
torch.manual_seed(0)
out["layernorm_init"] = [p.tolist() for p in nn.LayerNorm([2, 2]).parameters()]

# the module of netdef.py, trained two SGD steps so that every entry moved
torch.manual_seed(0)
net = Net()
opt = torch.optim.SGD(net.parameters(), lr=0.5)
for _ in range(2):
    opt.zero_grad()
    net(IDX).pow(2).sum().backward()
    opt.step()
net.eval()
sd = net.state_dict()
save(sd, "net.safetensors")
out["net"] = {"keys": list(sd.keys()), "parameters": [n for n, _ in net.named_parameters()],
              "buffers": [n for n, _ in net.named_buffers()], "idx": IDX.tolist(),
              "eval_out": net(IDX).flatten().tolist(), "repr": repr(net)}


# every dtype of the format, as torch holds it, and its values (as float64)
torch.manual_seed(1)
base = torch.randn(7) * 100
dts = {"f16": base.half(), "bf16": base.bfloat16(), "i32": base.int(), "i16": base.short(),
       "i8": base.clamp(-128, 127).char(), "u8": base.abs().clamp(0, 255).byte(), "b": base > 0,
       "f16_special": torch.tensor([float("inf"), -float("inf"), 6.1e-5, 5.96e-8, -0.0, 65504.0], dtype=torch.float16),
       "i64_empty": torch.zeros(0, 2, dtype=torch.long)}
save(dts, "dtypes.safetensors")
out["dtypes"] = {k: {"values": [repr(x) for x in v.double().flatten().tolist()], "shape": list(v.shape), "dtype": str(v.dtype)} for k, v in dts.items()}


def err(f):
    try:
        r = f()
    except Exception as e:
        return type(e).__name__ + ": " + str(e)
    return repr(r)


z = torch.zeros
lin = nn.Linear(3, 2)
seq = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2))
out["load"] = {
    "ok": err(lambda: lin.load_state_dict({"weight": z(2, 3), "bias": z(2)})),
    "missing": err(lambda: lin.load_state_dict({"weight": z(2, 3)})),
    "unexpected": err(lambda: lin.load_state_dict({"weight": z(2, 3), "bias": z(2), "extra": z(1)})),
    "size": err(lambda: lin.load_state_dict({"weight": z(3, 3), "bias": z(2)})),
    "nonstrict": err(lambda: lin.load_state_dict({"weight": z(2, 3), "extra": z(1)}, strict=False)),
    "seq": err(lambda: seq.load_state_dict({"0.weight": z(2, 4), "1.weight": z(2), "1.bias": z(2), "2.weight": z(2), "1.extra": z(1)})),
    "seq_no_count": err(lambda: seq.load_state_dict({k: v for k, v in seq.state_dict().items() if k != "1.num_batches_tracked"})),
}

with open("state.json", "w") as f:
    json.dump(out, f, indent=1)
