#!/usr/bin/python3
"""Generate softmax_golden.json: PyTorch 1.13's float32 softmax and log_softmax and
their backward (_softmax_backward_data, _log_softmax_backward_data) over the last dim
and over other dims, for softmax_test.go.

Run from the repository root with Debian's python:
    /usr/bin/python3 tensor/testdata/gen_softmax.py > tensor/testdata/softmax_golden.json

PyTorch runs two kernels: over the last dim, per row, max, exp(x - max), a sum in
its vectorised reduction's order and a product with the sum's reciprocal; over another
dim, vectorised across the inner elements, a max and a running sum down the dim and a
division. The kernel is chosen by the dim alone: over (3, 37, 1)'s dim 1 the column
kernels run, though only size-1 dims follow. The backward kernels likewise. Shapes reach both kernels, rows shorter and
longer than a vector, and tails; values of mixed magnitudes; operands and results are
the hex of their float32 bits.
"""
import json
import sys

import numpy as np
import torch

torch.set_num_threads(1)
g = torch.Generator().manual_seed(11)


def bits(t):
    return [format(int(b), "x") for b in t.detach().contiguous().numpy().view(np.uint32).ravel()]


cases = []
for shape, dim in [((3, 4), 1), ((3, 4), 0), ((5, 17), 1), ((5, 17), 0), ((2, 3, 33), 2), ((2, 3, 33), 1),
                   ((2, 3, 33), 0), ((4, 8), 1), ((3, 300), 1), ((300, 3), 0), ((6, 9, 5), 1), ((1, 1), 0),
                   ((3, 0), 1), ((16,), 0), ((8, 100), 1),
                   # a dim followed by dims of size 1 is not the last dim: the column
                   # kernels run (torch dispatches on dim == ndim - 1)
                   ((3, 37, 1), 1), ((2, 5, 1, 1), 1), ((9, 1), 0)]:
    x = (torch.randn(shape, generator=g) * 3).requires_grad_()
    y = torch.softmax(x, dim)
    u = torch.randn(shape, generator=g)
    gx, = torch.autograd.grad(y, x, u)
    ly = torch.log_softmax(x, dim)
    lgx, = torch.autograd.grad(ly, x, u)
    cases.append({"shape": list(shape), "dim": dim, "x": bits(x), "y": bits(y), "g": bits(u), "gx": bits(gx),
                  "ly": bits(ly), "lgx": bits(lgx)})
json.dump({"torch": torch.__version__, "cases": cases}, sys.stdout)
