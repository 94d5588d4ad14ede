#!/usr/bin/python3
"""Goldens for package optim, produced by real PyTorch 1.13 (Debian python3-torch).

    /usr/bin/python3 gen.py > optim.json

Two kinds of case:
  * "rule": a parameter vector and a fixed gradient per step (set by hand, no autograd),
    with the parameter after every step. This pins the update rule itself, bit for bit.
  * "train": a tiny Linear(3, 2) + MSELoss problem trained for 5 steps; the losses and
    final parameters depend on forward/backward rounding too.
float32 values are IEEE-754 bit patterns in hex.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../internal/golden"))
from golden import bits, dumps, use_openblas  # noqa: E402

use_openblas()  # before torch loads a BLAS

import struct

import torch
import torch.nn as nn



def make(kind, params, kw):
    return (torch.optim.SGD if kind == "sgd" else torch.optim.Adam)(params, **kw)


CONFIGS = [
    ("sgd", {"lr": 0.01}),
    ("sgd", {"lr": 0.1, "momentum": 0.9}),
    ("sgd", {"lr": 0.05, "momentum": 0.9, "dampening": 0.1, "weight_decay": 0.01}),
    ("sgd", {"lr": 0.05, "momentum": 0.8, "weight_decay": 0.001, "nesterov": True}),
    ("adam", {"lr": 1e-3}),
    ("adam", {"lr": 0.1, "betas": (0.8, 0.99), "eps": 1e-6}),
    ("adam", {"lr": 0.01, "weight_decay": 0.01, "amsgrad": True}),
    ("sgd", {"lr": 0.1, "momentum": 0.5, "maximize": True}),
    ("adam", {"lr": 0.01, "maximize": True}),
]

# 19 elements: more than one 16-wide SIMD block in PyTorch's kernels plus a scalar tail
p0 = torch.linspace(-1.5, 2.0, 19)
grads = [torch.sin(p0 * (k + 1) + k) * (0.5 + k) for k in range(5)]

rules = []
for kind, kw in CONFIGS:
    p = nn.Parameter(p0.clone())
    opt = make(kind, [p], kw)
    steps = []
    for g in grads:
        p.grad = g.clone()
        opt.step()
        steps.append(bits(p))
    rules.append({"kind": kind, "kwargs": {k: (list(v) if isinstance(v, tuple) else v) for k, v in kw.items()},
                  "p0": bits(p0), "grads": [bits(g) for g in grads], "steps": steps})

# The same rules on float64 parameters (bit patterns as 16 hex digits).
def bits64(t):
    return ["%016x" % struct.unpack("<Q", struct.pack("<d", v))[0] for v in t.detach().reshape(-1).tolist()]


rules64 = []
for kind, kw in [CONFIGS[2], CONFIGS[6]]:
    p = nn.Parameter(p0.double())
    opt = make(kind, [p], kw)
    steps = []
    for g in grads:
        p.grad = g.double() / 3  # not a float32 value
        opt.step()
        steps.append(bits64(p))
    rules64.append({"kind": kind, "kwargs": {k: (list(v) if isinstance(v, tuple) else v) for k, v in kw.items()},
                    "p0": bits64(p0.double()), "grads": [bits64(g.double() / 3) for g in grads], "steps": steps})

X = torch.tensor([[1.0, 2.0, -1.0], [0.5, -0.5, 2.0], [-1.5, 1.0, 0.25], [2.0, 0.0, 1.0]])
Y = torch.tensor([[1.0, -1.0], [0.5, 2.0], [-0.25, 0.75], [1.5, 0.0]])
W0 = torch.tensor([[0.1, -0.2, 0.3], [-0.4, 0.5, -0.6]])
B0 = torch.tensor([0.05, -0.05])

train = []
for kind, kw in CONFIGS:
    m = nn.Linear(3, 2)
    with torch.no_grad():
        m.weight.copy_(W0)
        m.bias.copy_(B0)
    opt = make(kind, m.parameters(), kw)
    loss_fn = nn.MSELoss()
    losses = []
    for _ in range(5):
        loss = loss_fn(m(X), Y)
        losses.append(bits(loss)[0])
        opt.zero_grad()
        loss.backward()
        opt.step()
    train.append({"kind": kind, "kwargs": {k: (list(v) if isinstance(v, tuple) else v) for k, v in kw.items()},
                  "losses": losses, "weight": bits(m.weight), "bias": bits(m.bias)})

reprs = []
for kind, kw in CONFIGS + [("adam", {"lr": 1e-4})]:
    opt = make(kind, [nn.Parameter(torch.zeros(2))], kw)
    reprs.append({"kind": kind, "kwargs": {k: (list(v) if isinstance(v, tuple) else v) for k, v in kw.items()},
                  "repr": repr(opt)})

errors = []
for kind, kw in [("sgd", {"lr": -0.5}), ("sgd", {"lr": 0.1, "momentum": -1.0}),
                 ("sgd", {"lr": 0.1, "weight_decay": -0.25}), ("sgd", {"lr": 0.1, "nesterov": True}),
                 ("adam", {"lr": -0.001}), ("adam", {"eps": -1e-08}), ("adam", {"betas": (1.0, 0.999)}),
                 ("adam", {"betas": (0.9, -0.5)}), ("adam", {"weight_decay": -0.01})]:
    try:
        make(kind, [nn.Parameter(torch.zeros(2))], kw)
    except Exception as e:
        errors.append({"kind": kind, "kwargs": {k: (list(v) if isinstance(v, tuple) else v) for k, v in kw.items()},
                       "error": type(e).__name__ + ": " + str(e)})
try:
    torch.optim.SGD([], lr=0.1)
except Exception as e:
    empty_error = type(e).__name__ + ": " + str(e)
tensor_errors = {}
for dtype in ("float32", "float64"):
    try:
        torch.optim.Adam(torch.zeros(2, dtype=getattr(torch, dtype), requires_grad=True))
    except Exception as e:
        tensor_errors[dtype] = type(e).__name__ + ": " + str(e)

# version counters: step() and zero_grad() are in-place ops (under no_grad)
versions = {}
for kind, kw in CONFIGS[1:2] + CONFIGS[4:5]:
    p = nn.Parameter(torch.zeros(2))
    opt = make(kind, [p], kw)
    seen = []
    for _ in range(2):
        p.grad = torch.ones(2)
        opt.step()
        g = p.grad
        opt.zero_grad()
        seen.append([p._version, g._version])
    versions[kind] = seen

print(dumps({"rules64": rules64, "tensor_errors": tensor_errors, "versions": versions, "reprs": reprs, "errors": errors, "empty_error": empty_error, "x": X.tolist(), "y": Y.tolist(), "w0": W0.tolist(), "b0": B0.tolist(),
           "rules": rules, "train": train}))
