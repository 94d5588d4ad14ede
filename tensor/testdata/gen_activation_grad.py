#!/usr/bin/python3
"""Generate activation_grad_golden.json: torch's sigmoid_backward and tanh_backward,
the fused gradients autograd runs for Sigmoid and Tanh (SigmoidBackward0,
TanhBackward0), for activation_grad_test.go. PyTorch 1.13's CPU kernels compute
sigmoid_backward as (g*(1-y))*y and tanh_backward as g*(1-y*y) with 1-y*y fused into
one multiply-add by the compiler; the golden holds torch's own bits.

Run from the repository root with Debian's python:
    /usr/bin/python3 tensor/testdata/gen_activation_grad.py > tensor/testdata/activation_grad_golden.json

Operands: y = activation(4*hash_floats(n, 1) - 2) and g = 2*hash_floats(n, 2) - 1
(hash_floats as in gen_ops.py, mirrored by hashFloats in golden_test.go), n elements:
1000, long enough for the SIMD blocks and their tail, float32 and float64. Each result
is the hex of its bits, the test compares exactly.
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


n = 1000
cases = []
for dtype, name in [(torch.float32, "float32"), (torch.float64, "float64")]:
    x = torch.from_numpy(4 * hash_floats(n, 1) - 2).to(dtype)
    g = torch.from_numpy(2 * hash_floats(n, 2) - 1).to(dtype)
    for op, act, back in [("sigmoid", torch.sigmoid, torch.ops.aten.sigmoid_backward),
                          ("tanh", torch.tanh, torch.ops.aten.tanh_backward)]:
        y = act(x)
        r = back(g, y)
        bits = r.numpy().view(np.uint32 if dtype == torch.float32 else np.uint64)
        ybits = y.numpy().view(np.uint32 if dtype == torch.float32 else np.uint64)
        cases.append({"op": op, "dtype": name, "y": [format(int(b), "x") for b in ybits],
                      "want": [format(int(b), "x") for b in bits]})
json.dump({"torch": torch.__version__, "n": n, "cases": cases}, sys.stdout)
