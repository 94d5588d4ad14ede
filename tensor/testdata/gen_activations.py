#!/usr/bin/python3
"""Generate activations_golden.json: PyTorch 1.13's float32 silu and elu (alpha 1 and
0.5) with their backward, for silu_test.go and elu_test.go.

Run from the repository root with Debian's python:
    /usr/bin/python3 tensor/testdata/gen_activations.py > tensor/testdata/activations_golden.json

Both kernels run SLEEF's expf on whole 16-element blocks and leave the rest to scalar
code (std::exp): lengths leave every remainder, values span each function's range
with ±0, ±Inf and large magnitudes; the hex of the float32 bits.
"""
import json
import sys

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)
g = torch.Generator().manual_seed(9)


def bits(t):
    return [format(int(b), "x") for b in t.detach().contiguous().numpy().view(np.uint32).ravel()]


def cases(fn, scale):
    out = []
    for n in list(range(1, 40)) + [1000, 1013]:
        x = torch.randn(n, generator=g) * scale
        if n >= 8:
            x[:6] = torch.tensor([0.0, -0.0, float("inf"), float("-inf"), 90.0, -90.0])
        x.requires_grad_()
        dy = torch.randn(n, generator=g)
        y = fn(x)
        gx, = torch.autograd.grad(y, x, dy)
        out.append({"x": bits(x), "y": bits(y), "g": bits(dy), "gx": bits(gx)})
    return out


golden = {"torch": torch.__version__, "silu": cases(F.silu, 6)}
golden["elu"] = [dict(c, alpha=a) for a in (1.0, 0.5) for c in cases(lambda x: F.elu(x, a), 4)]
json.dump(golden, sys.stdout)
