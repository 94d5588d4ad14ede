#!/usr/bin/python3
"""Generate logsoftmax64_golden.json: PyTorch 1.13's float64 log_softmax over the last
dim, and its float64 log, for softmax_test.go.

Run from the repository root with Debian's python:
    /usr/bin/python3 tensor/testdata/gen_logsoftmax64.py > tensor/testdata/logsoftmax64_golden.json

PyTorch's float64 lastdim kernel works in Vectorized<double> (four lanes on AVX2): per
row the max, the sum of exp(x - max) by SLEEF's exp_u10 in four lanes (the last partial
vector into the first lanes) and the lanes added in order, SLEEF's log_u1 of the sum,
then (x - max) - log sum. Rows shorter than, equal to and longer than a vector, with
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
    return [format(int(b), "x") for b in t.contiguous().numpy().view(np.uint64).ravel()]


cases = []
for shape, scale in [((3, 1), 3), ((3, 2), 3), ((3, 3), 3), ((3, 4), 3), ((5, 5), 3), ((4, 7), 3),
                     ((2, 3, 33), 3), ((8, 100), 10), ((3, 1000), 30), ((300, 3), 1), ((4, 9), 300)]:
    x = torch.randn(shape, generator=g, dtype=torch.float64) * scale
    cases.append({"shape": list(shape), "x": bits(x), "ly": bits(torch.log_softmax(x, -1))})
x = torch.randn(4, 6, generator=g, dtype=torch.float64)
x[1, 2] = float("nan")
x[2, 0], x[2, 4] = float("inf"), float("-inf")
x[3, :] = float("-inf")
cases.append({"shape": [4, 6], "x": bits(x), "ly": bits(torch.log_softmax(x, -1))})

logx = torch.cat([torch.rand(500, generator=g, dtype=torch.float64) * 4,
                  torch.exp(torch.randn(500, generator=g, dtype=torch.float64) * 300),
                  torch.tensor([0.0, -0.0, float("inf"), float("-inf"), float("nan"), -1.0, 1e-310, 5e-324,
                                2.2250738585072014e-308, 1.7976931348623157e308, 1.0, 0.75, 1.5,
                                0.7499999999999999, 1.4999999999999998], dtype=torch.float64)])
json.dump({"torch": torch.__version__, "cases": cases, "logx": bits(logx), "logy": bits(logx.log())}, sys.stdout)
