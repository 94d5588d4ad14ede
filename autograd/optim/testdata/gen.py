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



CLASSES = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW,
           "rmsprop": torch.optim.RMSprop, "adagrad": torch.optim.Adagrad}


def make(kind, params, kw):
    return CLASSES[kind](params, **kw)


def plain(kw):
    """kwargs as JSON: tuples become lists."""
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in kw.items()}


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
    ("adamw", {"lr": 1e-3}),
    ("adamw", {"lr": 0.05, "betas": (0.8, 0.95), "weight_decay": 0.1, "amsgrad": True}),
    ("adamw", {"lr": 0.01, "maximize": True, "eps": 1e-6}),
    ("rmsprop", {"lr": 0.01}),
    ("rmsprop", {"lr": 0.02, "alpha": 0.9, "momentum": 0.8, "weight_decay": 0.01}),
    ("rmsprop", {"lr": 0.01, "centered": True, "eps": 1e-6}),
    ("rmsprop", {"lr": 0.005, "centered": True, "momentum": 0.5, "maximize": True}),
    ("adagrad", {"lr": 0.1}),
    ("adagrad", {"lr": 0.5, "lr_decay": 0.1, "weight_decay": 0.05, "initial_accumulator_value": 0.2}),
    ("adagrad", {"lr": 0.1, "eps": 1e-6, "maximize": True}),
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
    rules.append({"kind": kind, "kwargs": plain(kw),
                  "p0": bits(p0), "grads": [bits(g) for g in grads], "steps": steps})

# The same rules on float64 parameters (bit patterns as 16 hex digits).
def bits64(t):
    return ["%016x" % struct.unpack("<Q", struct.pack("<d", v))[0] for v in t.detach().reshape(-1).tolist()]


rules64 = []
for kind, kw in CONFIGS:
    p = nn.Parameter(p0.double())
    opt = make(kind, [p], kw)
    steps = []
    for g in grads:
        p.grad = g.double() / 3  # not a float32 value
        opt.step()
        steps.append(bits64(p))
    rules64.append({"kind": kind, "kwargs": plain(kw),
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
    train.append({"kind": kind, "kwargs": plain(kw),
                  "losses": losses, "weight": bits(m.weight), "bias": bits(m.bias)})

reprs = []
for kind, kw in CONFIGS + [("adam", {"lr": 1e-4})]:
    opt = make(kind, [nn.Parameter(torch.zeros(2))], kw)
    reprs.append({"kind": kind, "kwargs": plain(kw),
                  "repr": repr(opt)})

errors = []
for kind, kw in [("sgd", {"lr": -0.5}), ("sgd", {"lr": 0.1, "momentum": -1.0}),
                 ("sgd", {"lr": 0.1, "weight_decay": -0.25}), ("sgd", {"lr": 0.1, "nesterov": True}),
                 ("adam", {"lr": -0.001}), ("adam", {"eps": -1e-08}), ("adam", {"betas": (1.0, 0.999)}),
                 ("adam", {"betas": (0.9, -0.5)}), ("adam", {"weight_decay": -0.01}),
                 ("adamw", {"lr": -0.1}), ("adamw", {"eps": -1.0}), ("adamw", {"betas": (0.5, 1.5)}),
                 ("adamw", {"weight_decay": -0.1}),
                 ("rmsprop", {"lr": -0.1}), ("rmsprop", {"eps": -1e-3}), ("rmsprop", {"momentum": -0.5}),
                 ("rmsprop", {"weight_decay": -2.0}), ("rmsprop", {"alpha": -0.99}),
                 ("adagrad", {"lr": -0.1}), ("adagrad", {"lr_decay": -0.5}), ("adagrad", {"weight_decay": -0.5}),
                 ("adagrad", {"initial_accumulator_value": -0.1}), ("adagrad", {"eps": -1e-10}),
                 ("sgd", {"momentum": 0.9})]:
    try:
        make(kind, [nn.Parameter(torch.zeros(2))], kw)
    except Exception as e:
        errors.append({"kind": kind, "kwargs": plain(kw),
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

# Parameter groups: the first 10 elements in one group with the optimizer's defaults,
# the other 9 in a group with its own settings (a weight_decay of 0.0 overriding a
# non-zero default too).
GROUP_CONFIGS = [
    ("sgd", {"lr": 0.1, "momentum": 0.9}, {"lr": 0.01, "nesterov": True}),
    ("adam", {"lr": 0.01, "weight_decay": 0.1}, {"lr": 0.1, "weight_decay": 0.0, "betas": (0.5, 0.6)}),
    ("adamw", {"lr": 0.01}, {"weight_decay": 0.0}),
    ("rmsprop", {"lr": 0.01, "momentum": 0.5}, {"centered": True, "alpha": 0.5}),
    ("adagrad", {"lr": 0.1}, {"lr": 0.3, "lr_decay": 0.5, "initial_accumulator_value": 1.0}),
]
groups = []
for kind, kw, own in GROUP_CONFIGS:
    a, b = nn.Parameter(p0[:10].clone()), nn.Parameter(p0[10:].clone())
    opt = make(kind, [{"params": [a]}, dict(own, params=[b])], kw)
    steps = []
    for g in grads:
        a.grad, b.grad = g[:10].clone(), g[10:].clone()
        opt.step()
        steps.append(bits(torch.cat([a, b])))
    groups.append({"kind": kind, "kwargs": plain(kw), "group_kwargs": plain(own), "steps": steps,
                   "repr": repr(opt)})

# version counters: step() and zero_grad() are in-place ops (under no_grad)
# (one configuration per kind, the first in CONFIGS with more than an lr where there is
# one; AdamW's step is two in-place ops, mul_ then addcdiv_)
versions = []
for kind, kw in [CONFIGS[1], CONFIGS[4], CONFIGS[9], CONFIGS[10], CONFIGS[13], CONFIGS[16]]:
    p = nn.Parameter(torch.zeros(2))
    opt = make(kind, [p], kw)
    seen = []
    for _ in range(2):
        p.grad = torch.ones(2)
        opt.step()
        g = p.grad
        opt.zero_grad()
        seen.append([p._version, g._version])
    versions.append({"kind": kind, "kwargs": plain(kw), "versions": seen})

print(dumps({"groups": groups, "rules64": rules64, "tensor_errors": tensor_errors, "versions": versions, "reprs": reprs, "errors": errors, "empty_error": empty_error, "x": X.tolist(), "y": Y.tolist(), "w0": W0.tolist(), "b0": B0.tolist(),
           "rules": rules, "train": train}))
