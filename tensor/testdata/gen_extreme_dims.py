#!/usr/bin/python3
"""Goldens for max, min, argmax and argmin over a dim that is not the innermost
(extreme_dims_test.go): torch.max, torch.min (values and indices), torch.argmax and
torch.argmin with a dim from PyTorch 1.13, on inputs dense with NaNs (both signs,
several payloads), infinities, zeros of both signs and tied values, so that the first
NaN, the first of equal values and the first of two zeros are what is checked.

Run from the repository root with Debian's python:
    /usr/bin/python3 tensor/testdata/gen_extreme_dims.py

Inputs are drawn with numpy's seeded generator and stored once each, before the cases
on them; inputs and results are base64 of their little-endian bytes. Every case is computed with 1 and 2 threads; a
case whose bytes then differ is marked threads_differ (the 1-thread bytes are the
golden).
"""
import base64
import json
import os

import numpy as np
import torch

F32 = [0x7FC00000, 0xFFC00000, 0x7FC00123, 0xFF800001, 0x7F800000, 0xFF800000, 0, 0x80000000, 0x3F800000, 0xBF800000, 1]
F64 = [0x7FF8000000000000, 0xFFF8000000000000, 0x7FF8000000000123, 0xFFF0000000000001, 0x7FF0000000000000,
       0xFFF0000000000000, 0, 1 << 63, 0x3FF0000000000000, 0xBFF0000000000000, 1]

# (shape, dims, view): views as in gen_reduce_dims.py: "T" swaps the last two dims of
# the built tensor, "cols2" takes every other element of the last dim
CASES = [
    ([3, 7, 9], [0, 1], ""),
    ([2, 16, 40], [1], ""),
    ([4, 5, 6, 8], [0, 1, 2], ""),
    ([40, 33], [0], ""),
    ([1, 3, 600], [1], ""),
    ([5, 24, 12], [1, 2], "T"),
    ([6, 8, 40], [1], "cols2"),
    ([1, 3, 64], [1], ""),
]


def build(shape, seed, dtype, density):
    rng = np.random.default_rng(seed)
    n = int(np.prod(shape))
    if dtype == "float32":
        special = np.array(F32, dtype=np.uint32)[rng.integers(0, len(F32), n)].view(np.float32)
        plain = (rng.integers(-32, 32, n) / 8).astype(np.float32)
    else:
        special = np.array(F64, dtype=np.uint64)[rng.integers(0, len(F64), n)].view(np.float64)
        plain = rng.integers(-32, 32, n) / 8
    v = np.where(rng.random(n) < density, special, plain)
    return v.reshape(shape)


def view(t, v):
    if v == "T":
        return t.transpose(-2, -1)
    if v == "cols2":
        return t[..., ::2]
    return t


def b64(t):
    return base64.b64encode(t.contiguous().numpy().tobytes()).decode()


def main():
    out = {"torch": torch.__version__, "inputs": [], "cases": []}
    seed = 1
    for shape, dims, v in CASES:
        for dtype in ["float32", "float64"]:
            for density in [1.0, 0.1]:
                x = build(shape, seed, dtype, density)
                out["inputs"].append(dict(shape=shape, view=v, dtype=dtype, data=base64.b64encode(x.tobytes()).decode()))
                for dim in dims:
                    for op in ["max", "min", "argmax", "argmin"]:
                        keep = dim == 0
                        res = []
                        for threads in [1, 2]:
                            torch.set_num_threads(threads)
                            t = view(torch.from_numpy(x), v)
                            if op in ("max", "min"):
                                vals, idx = getattr(torch, op)(t, dim, keepdim=keep)
                                res.append((b64(vals), b64(idx), list(idx.shape)))
                            else:
                                idx = getattr(torch, op)(t, dim, keepdim=keep)
                                res.append(("", b64(idx), list(idx.shape)))
                        c = dict(input=len(out["inputs"]) - 1, op=op, dim=dim, keepdim=keep, values=res[0][0], indices=res[0][1], out_shape=res[0][2])
                        if res[0] != res[1]:
                            c["threads_differ"] = True
                        out["cases"].append(c)
                seed += 1
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "extreme_dims_golden.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=0)
        f.write("\n")
    print(len(out["cases"]), "cases")


if __name__ == "__main__":
    main()
