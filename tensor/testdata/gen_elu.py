#!/usr/bin/python3
"""Generate elu_golden.json: PyTorch 1.13's float32 elu (alpha 1 and 0.5) and its
backward, for elu_test.go.

Run from the repository root with Debian's python:
    /usr/bin/python3 tensor/testdata/gen_elu.py > tensor/testdata/elu_golden.json

Lengths that leave every remainder of PyTorch's 16-element blocks (whose rest its
scalar code takes), values over elu's range with ±0, ±Inf, large magnitudes; the
hex of the float32 bits.
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


cases = []
for alpha in (1.0, 0.5):
    for n in list(range(1, 40)) + [1000, 1013]:
        x = torch.randn(n, generator=g) * 4
        if n >= 8:
            x[:6] = torch.tensor([0.0, -0.0, float("inf"), float("-inf"), 90.0, -90.0])
        x.requires_grad_()
        dy = torch.randn(n, generator=g)
        y = F.elu(x, alpha)
        gx, = torch.autograd.grad(y, x, dy)
        cases.append({"alpha": alpha, "x": bits(x), "y": bits(y), "g": bits(dy), "gx": bits(gx)})
json.dump({"torch": torch.__version__, "cases": cases}, sys.stdout)
