#!/usr/bin/python3
"""Goldens for sums, means and products over dims (reduce_dims_test.go): torch.sum,
torch.mean and torch.prod with a dim from PyTorch 1.13, on shapes large enough for the
vectorised loops (rows of 1000 and more) and for the parallel split (more than 32768
elements), in both float dtypes, with values whose order of addition shows.

Run from the repository root with Debian's python:
    /usr/bin/python3 tensor/testdata/gen_reduce_dims.py

Every case is computed with torch.set_num_threads(1), whose bits are the golden (as
gen_ops.py's), and again with 2 threads: a case whose bits then differ is marked
threads_differ. (PyTorch cuts a reduction over dims among threads at any output
column when the columns are not contiguous, and the scalar outer loop sums columns
four at a time from the cut: a 1000x500 view with column stride 2 summed over dim 0
differs. tensor cuts at the 1-thread groups.)

Inputs, mirrored in Go (reduceDimsInput), are built from gen_ops.py's 24-bit hash with
integer arithmetic only, so that both sides hold the same values exactly:
  mixed:    m·2^(e-24), m = 2h - 2^24 (h the hash of the element, seed s), e = g mod 25 - 12
            (g the hash with seed s+1000): signs and magnitudes over 2^-12..2^12
  specials: mixed, with rare NaN, +Inf, -Inf and -0 (by the hash with seed s+2000)
  near1:    ±(2^23 + h/4 - 2^21)/2^23, in [0.75, 1.25), the sign by g's low bit (products)
float64 inputs are the float32 values times 4/3 (one rounding), so they use all 53 bits.
Each result is stored as its SHA-256 and, up to 1024 elements or with specials, base64
of its bytes (little-endian): a NaN's sign depends on the order of operands in the
additions, which neither side fixes, so the test compares NaNs as equal.
"""
import base64
import hashlib
import json
import os

import numpy as np
import torch

SHAPES = {
    "1000x1000": [1000, 1000],
    "7x4099": [7, 4099],
    "4099x7": [4099, 7],
    "3x5x1001": [3, 5, 1001],
    "64x1000": [64, 1000],
    "33x65": [33, 65],
    "40x1024": [40, 1024],
    "9000x5": [9000, 5],
}

# views of the built tensor (named in reduce_dims_test.go): none, the transpose (its
# last two dims swapped), every other column, a narrow slice of columns
VIEWS = ["", "T", "cols2", "narrow"]


def hash24(n, seed):
    with np.errstate(over="ignore"):
        h = np.arange(n, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(seed)
        h ^= h >> np.uint64(29)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(32)
    return (h >> np.uint64(40)).astype(np.int64)


def build(gen, shape, seed, dtype):
    n = int(np.prod(shape))
    h, g = hash24(n, seed), hash24(n, seed + 1000)
    if gen == "near1":
        v = (2.0**23 + (h // 4) - 2.0**21) / 2.0**23
        v = np.where(g % 2 == 1, -v, v)
    else:
        v = np.ldexp((2 * h - 2**24).astype(np.float64), (g % 25 - 12 - 24).astype(np.int32))
        if gen == "specials":
            k = hash24(n, seed + 2000) % 4096
            v = np.where(k < 64, -0.0, v)
            v = np.where(k == 0, np.nan, v)
            v = np.where(k == 1, np.inf, v)
            v = np.where(k == 2, -np.inf, v)
    t = torch.from_numpy(v.astype(np.float32))
    if dtype == "float64":
        t = t.to(torch.float64) * (4 / 3)
    return t.reshape(shape)


def view(t, v):
    if v == "T":
        return t.transpose(-2, -1)
    if v == "cols2":
        return t[..., ::2]
    if v == "narrow":
        return t[..., : min(37, t.shape[-1])]
    return t


def cases():
    seed = 1
    for shp, shape in SHAPES.items():
        for v in VIEWS:
            if v and shp not in ("1000x1000", "64x1000", "4099x7", "3x5x1001"):
                continue
            for dtype in ["float32", "float64"]:
                for op, gen in [("sum", "mixed"), ("mean", "mixed"), ("sum", "specials"), ("prod", "near1")]:
                    if gen == "specials" and v:
                        continue
                    for dim in range(len(shape)):
                        for keep in [False, True] if dim == 0 and not v else [False]:
                            yield dict(shape=shp, view=v, dtype=dtype, op=op, gen=gen, dim=dim, keepdim=keep, seed=seed)
                            seed += 1
                    if op != "prod" and len(shape) == 3 and not v:
                        yield dict(shape=shp, view=v, dtype=dtype, op=op, gen=gen, dims=[0, 2], keepdim=False, seed=seed)
                        seed += 1


def run(c):
    x = view(build(c["gen"], SHAPES[c["shape"]], c["seed"], c["dtype"]), c["view"])
    dims = c.get("dims", [c.get("dim")])
    if c["op"] == "sum":
        return x.sum(dims, keepdim=c["keepdim"])
    if c["op"] == "mean":
        return x.mean(dims, keepdim=c["keepdim"])
    return x.prod(c["dim"], keepdim=c["keepdim"])


def main():
    out = {"torch": torch.__version__, "cases": []}
    for c in cases():
        torch.set_num_threads(1)
        y1 = run(c)
        torch.set_num_threads(2)
        y2 = run(c)
        b1, b2 = y1.numpy().tobytes(), y2.numpy().tobytes()
        if b1 != b2:
            c["threads_differ"] = True  # the 1-thread bits are the golden (as gen_ops.py's)
        c["out_shape"] = list(y1.shape)
        c["sha256"] = hashlib.sha256(b1).hexdigest()
        if y1.numel() <= 1024 or c["gen"] == "specials":
            c["values"] = base64.b64encode(b1).decode()
        out["cases"].append(c)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reduce_dims_golden.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=0)
        f.write("\n")
    print(len(out["cases"]), "cases")


if __name__ == "__main__":
    main()
