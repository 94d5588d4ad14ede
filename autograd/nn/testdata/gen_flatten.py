#!/usr/bin/python3
"""Goldens for nn.Flatten, produced by real PyTorch 1.13 (Debian python3-torch):

    /usr/bin/python3 gen_flatten.py > flatten.json

For each input shape and (start_dim, end_dim): the output's shape, its grad_fn's name
(None when torch returns the input itself), whether the input was non-contiguous, the
input's gradient after backward of (out * w).sum() for a fixed w, and the module's
repr; or the exception text.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../internal/golden"))
from golden import bits, dumps, use_openblas  # noqa: E402

use_openblas()  # before torch loads a BLAS

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

CASES = [
    ((2, 3, 4), None), ((2, 3, 4), (0, -1)), ((2, 3, 4), (0, 1)), ((2, 3, 4), (1, 1)),
    ((2, 3, 4), (-2, -1)), ((2, 3, 4), (-3, 0)), ((6,), (0, 0)), ((6,), (0, -1)),
    ((), (0, -1)), ((), (-1, 0)), ((2, 1, 3, 1), None), ((0, 3, 2), None),
    ((6,), None), ((2, 3, 4), (0, 3)), ((2, 3, 4), (2, 1)), ((2, 3, 4), (-4, 1)), ((), None),
]

cases = []
for shape, dims in CASES:
    for transposed in (False, True):
        if transposed and len(shape) < 2:
            continue
        n = 1
        for s in shape:
            n *= s
        x = torch.arange(n, dtype=torch.float32).reshape(shape).requires_grad_()
        inp = x.transpose(0, 1) if transposed else x * 1  # a non-leaf, so grad_fn shows
        m = nn.Flatten() if dims is None else nn.Flatten(*dims)
        case = {"shape": list(inp.shape), "dims": dims, "transposed": transposed, "repr": repr(m)}
        try:
            out = m(inp)
        except Exception as e:
            case["error"] = type(e).__name__ + ": " + str(e)
            cases.append(case)
            continue
        w = torch.linspace(-1, 2, out.numel()).reshape(out.shape)
        (out * w).sum().backward()
        case.update({"out_shape": list(out.shape), "same": out is inp,
                     "grad_fn": None if out.grad_fn is None or out is inp else type(out.grad_fn).__name__,
                     "out": bits(out), "x_grad": bits(x.grad)})
        cases.append(case)

print(dumps({"cases": cases}))
