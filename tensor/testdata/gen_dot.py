#!/usr/bin/python3
"""Generate dot_golden.json: float32 torch.dot results for dot_test.go, computed by
PyTorch 1.13 with Debian's OpenBLAS 0.3.21 (libopenblas0-pthread, core Haswell), the
library behind the reference notebooks. torch.dot hands float32 vectors to OpenBLAS's
sdot, whose summation order dot.go reproduces.

Run from the repository root with Debian's python (OpenBLAS must be the libblas.so.3
that update-alternatives selects, or put its directory first on LD_LIBRARY_PATH):
    /usr/bin/python3 tensor/testdata/gen_dot.py > tensor/testdata/dot_golden.json

Operands: x = 2*hash_floats(n, seed) - 1 (exact in float32; hash_floats as in
gen_ops.py, mirrored by hashFloats in golden_test.go), y likewise with seed+1; strided
cases take every step-th element of a longer vector.
"""
import ctypes
import json
import sys

import numpy as np
import torch

torch.set_num_threads(1)


def blas_core():
    """The OpenBLAS core torch's BLAS runs on, or None when it is not OpenBLAS."""
    try:
        lib = ctypes.CDLL("libblas.so.3")
        lib.openblas_get_corename.restype = ctypes.c_char_p
        return lib.openblas_get_corename().decode()
    except (OSError, AttributeError):
        return None


def hash_floats(n, seed):
    with np.errstate(over="ignore"):
        h = np.arange(n, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(seed)
        h ^= h >> np.uint64(29)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(32)
    return ((h >> np.uint64(40)).astype(np.float64) / (1 << 24)).astype(np.float32)


def operand(n, seed, step):
    v = torch.from_numpy(2 * hash_floats(n * step, seed) - 1)
    return v[::step]


core = blas_core()
if core != "Haswell":
    sys.exit(f"torch's BLAS must be OpenBLAS with core Haswell, found {core!r}")

cases = []
for n, sx, sy in [(1, 1, 1), (4, 1, 1), (31, 1, 1), (32, 1, 1), (33, 1, 1), (64, 1, 1), (100, 1, 1),
                  (1000, 1, 1), (4099, 1, 1), (1, 2, 3), (5, 2, 3), (6, 2, 1), (100, 3, 2)]:
    for seed in (1, 7, 11):
        x, y = operand(n, seed, sx), operand(n, seed + 1, sy)
        r = torch.dot(x, y)
        cases.append({"n": n, "seed": seed, "step_x": sx, "step_y": sy, "want": r.item()})
json.dump({"torch": torch.__version__, "blas": "OpenBLAS, core " + core, "cases": cases}, sys.stdout, indent=1)
print()
