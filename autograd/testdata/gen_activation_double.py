#!/usr/bin/python3
"""Generate activation_double_golden.json: Tanh's and Sigmoid's backward recorded under
create_graph, from real PyTorch (Debian python3-torch 1.13), for
activation_double_test.go.

    cd autograd/testdata && /usr/bin/python3 gen_activation_double.py > activation_double_golden.json

In torch the recorded backward of tanh (sigmoid) is the op tanh_backward
(sigmoid_backward) itself, TanhBackwardBackward0 (SigmoidBackwardBackward0): its value
has the bits of the unrecorded backward, and its own derivatives are formulas of
derivatives.yaml. For y = act(x) with x and the upstream gradient u both requiring grad:
g1 = d(y)/dx · u with create_graph, then d(g1)/dx · v and d(g1)/du · v. Operands are
hash_floats as in tensor/testdata/gen_ops.py, 1000 elements, float32 and float64;
operands and results are the hex of their bits.
"""
import json
import sys

import numpy as np
import torch

torch.set_num_threads(1)


def hash_floats(n, seed):
    with np.errstate(over="ignore"):
        h = np.arange(n, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(seed)
        h ^= h >> np.uint64(29)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(32)
    return ((h >> np.uint64(40)).astype(np.float64) / (1 << 24)).astype(np.float32)


def bits(t):
    a = t.detach().numpy()
    return [format(int(b), "x") for b in a.view(np.uint32 if a.dtype == np.float32 else np.uint64)]


def name(fn):
    return type(fn).__name__ if fn is not None else None


n = 1000
cases = []
for dtype, dname in [(torch.float32, "float32"), (torch.float64, "float64")]:
    for op, act in [("tanh", torch.tanh), ("sigmoid", torch.sigmoid)]:
        x = torch.from_numpy(4 * hash_floats(n, 1) - 2).to(dtype).requires_grad_()
        u = torch.from_numpy(2 * hash_floats(n, 2) - 1).to(dtype).requires_grad_()
        v = torch.from_numpy(2 * hash_floats(n, 3) - 1).to(dtype)
        y = act(x)
        g1, = torch.autograd.grad(y, x, u, create_graph=True)
        gx, gu = torch.autograd.grad(g1, (x, u), v, create_graph=True)
        cases.append({
            "op": op, "dtype": dname, "x": bits(x), "u": bits(u), "v": bits(v), "y": bits(y), "g1": bits(g1), "gx": bits(gx), "gu": bits(gu),
            "g1_fn": name(g1.grad_fn), "g1_next": [name(f) for f, _ in g1.grad_fn.next_functions],
            "g1_saved": sorted(a for a in dir(g1.grad_fn) if a.startswith("_saved_")),
            "gx_fn": name(gx.grad_fn), "gu_fn": name(gu.grad_fn),
        })
json.dump({"torch": torch.__version__, "n": n, "cases": cases}, sys.stdout)
