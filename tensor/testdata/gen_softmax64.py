#!/usr/bin/python3
"""Generate softmax64_golden.json: PyTorch 1.13's float64 softmax and log_softmax over
the last dim and over other dims, the float64 backward kernels over the
last and other dims, its float64 log, and rows holding a NaN in both float dtypes, for
softmax_test.go.

Run from the repository root with Debian's python:
    /usr/bin/python3 tensor/testdata/gen_softmax64.py > tensor/testdata/softmax64_golden.json

PyTorch's float64 lastdim kernel works in Vectorized<double> (four lanes on AVX2): per
row the max, the sum of exp(x - max) by SLEEF's exp_u10 in four lanes (the last partial
vector into the first lanes) and the lanes added in order, SLEEF's log_u1 of the sum,
then (x - max) - log sum; softmax divides exp(x - max) by the same sum (a product with
its reciprocal). A row holding a NaN comes out through the all-ones NaN that the
vectorised maximum ORs into a lane meeting one (in both dtypes; the NaN element keeps
its own). Rows shorter than, equal to and longer than a vector, with
tails of every length; values of mixed magnitudes; a row holding a NaN, one holding
infinities. Operands and results are the hex of their float64 bits.
"""
import json
import sys

import numpy as np
import torch

torch.set_num_threads(1)
g = torch.Generator().manual_seed(12)


def bits(t):
    view = np.uint64 if t.dtype == torch.float64 else np.uint32
    return [format(int(b), "x") for b in t.contiguous().numpy().view(view).ravel()]


cases = []
for shape, scale in [((3, 1), 3), ((3, 2), 3), ((3, 3), 3), ((3, 4), 3), ((5, 5), 3), ((4, 7), 3),
                     ((2, 3, 33), 3), ((8, 100), 10), ((3, 1000), 30), ((300, 3), 1), ((4, 9), 300)]:
    x = torch.randn(shape, generator=g, dtype=torch.float64) * scale
    cases.append({"shape": list(shape), "x": bits(x), "y": bits(torch.softmax(x, -1)),
                  "ly": bits(torch.log_softmax(x, -1))})
x = torch.randn(4, 6, generator=g, dtype=torch.float64)
x[1, 2] = float("nan")
x[2, 0], x[2, 4] = float("inf"), float("-inf")
x[3, :] = float("-inf")
cases.append({"shape": [4, 6], "x": bits(x), "y": bits(torch.softmax(x, -1)), "ly": bits(torch.log_softmax(x, -1))})

nanrows = []
for dtype in (torch.float32, torch.float64):
    for n in (1, 2, 3, 4, 5, 8, 9, 17):
        x = torch.randn(2, n, generator=g, dtype=dtype)
        x[1, n // 2] = float("nan")
        nanrows.append({"dtype": str(dtype)[6:], "shape": [2, n], "x": bits(x), "y": bits(torch.softmax(x, -1)),
                        "ly": bits(torch.log_softmax(x, -1))})

logx = torch.cat([torch.rand(500, generator=g, dtype=torch.float64) * 4,
                  torch.exp(torch.randn(500, generator=g, dtype=torch.float64) * 300),
                  torch.tensor([0.0, -0.0, float("inf"), float("-inf"), float("nan"), -1.0, 1e-310, 5e-324,
                                2.2250738585072014e-308, 1.7976931348623157e308, 1.0, 0.75, 1.5,
                                0.7499999999999999, 1.4999999999999998], dtype=torch.float64)])
# softmax and log_softmax over other dims: max and sum down the dim across the inner
# elements, SLEEF's exp in Vectorized<double> with the inner elements past the last
# whole vector by std::exp (glibc's exp), and SLEEF's log of the sums
dims = []
for shape, dim in [((6, 37, 41), 0), ((6, 37, 41), 1), ((3, 5, 9), 0), ((3, 5, 9), 1), ((4, 8), 0)]:
    x = torch.randn(shape, generator=g, dtype=torch.float64) * 5
    dims.append({"shape": list(shape), "dim": dim, "x": bits(x), "y": bits(torch.softmax(x, dim)),
                 "ly": bits(torch.log_softmax(x, dim))})
# the backward kernels (_softmax_backward_data, _log_softmax_backward_data) in float64:
# over the last dim Σ g·y by map2_reduce_all (four lanes, each later product added by a
# fused multiply-add, the tail into the first lanes) or Σ g by reduce_all, and
# g - exp(y)·Σg with SLEEF's double exp; over another dim the running sums down the dim
# across the inner elements, exp's scalar tail by std::exp
back = []
for shape, dim in [((3, 1), 1), ((3, 3), 1), ((3, 4), 1), ((5, 7), 1), ((2, 3, 33), 2), ((8, 100), 1),
                   ((3, 1000), 1), ((300, 3), 1), ((3, 4), 0), ((5, 17), 0), ((2, 3, 33), 1), ((6, 9, 5), 1),
                   ((3, 37, 1), 1), ((4, 16), 0)]:
    x = (torch.randn(shape, generator=g, dtype=torch.float64) * 3).requires_grad_()
    u = torch.randn(shape, generator=g, dtype=torch.float64)
    y = torch.softmax(x, dim)
    gx, = torch.autograd.grad(y, x, u)
    ly = torch.log_softmax(x, dim)
    lgx, = torch.autograd.grad(ly, x, u)
    back.append({"shape": list(shape), "dim": dim, "y": bits(y.detach()), "g": bits(u), "gx": bits(gx),
                 "ly": bits(ly.detach()), "lgx": bits(lgx)})
json.dump({"torch": torch.__version__, "cases": cases, "nanrows": nanrows, "dims": dims, "back": back,
           "logx": bits(logx), "logy": bits(logx.log())}, sys.stdout)
