"""Goldens for tensor's float32 matrix product (gemm_test.go): PyTorch 1.13 with
Debian's OpenBLAS 0.3.21 (libopenblas0-pthread, core Haswell, its default two threads),
the library that executed the reference notebooks.

Run from the repository root with Debian's python:
    /usr/bin/python3 tensor/testdata/gen_gemm.py
Operands come from a hash both sides compute (hash_floats, mirrored in gemm_test.go),
so the golden file holds only the products: a SHA-256 of the float32 bytes for every
case and the values themselves for the smaller ones.
"""
import base64
import hashlib
import json
import os

import numpy as np
import torch

M64 = (1 << 64) - 1


def hash_floats(n, seed):
    """n float32 values in [-1, 1), each exact with 24 bits."""
    i = np.arange(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        h = i * np.uint64(0x9E3779B97F4A7C15) + np.uint64(seed)
        h ^= h >> np.uint64(29)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(32)
    return ((h >> np.uint64(40)).astype(np.float64) / (1 << 23) - 1).astype(np.float32)


# name, kind, r, k, c: the product is (r x k) @ (k x c).
# "addmm": F.linear(x, w, b) = addmm(b, x, w.t()), x = r x k, w = c x k.
# "mm": x @ y with x = r x k, y = k x c (both contiguous).
# "bmm": x @ y with x = BATCH x r x k, y = BATCH x k x c.
# "mm_tn": x.t() @ y, x = k x r (the weight gradient autograd computes as grad.t().mm(x)).
CASES = [
    # seed 004's network: 64x1000 -> 100 -> 10, forward and backward
    ("linear1", "addmm", 64, 1000, 100),
    ("linear2", "addmm", 64, 100, 10),
    ("grad_h", "mm", 64, 10, 100),
    ("grad_w2", "mm_tn", 10, 64, 100),
    ("grad_w1", "mm_tn", 100, 64, 1000),
    ("bench", "mm", 64, 1000, 100),
    # small and odd shapes: every tile kind, one thread
    ("k1", "mm", 3, 1, 5),
    ("k7", "mm", 9, 7, 13),
    ("k9", "mm", 9, 9, 17),
    ("k17", "mm", 23, 17, 30),
    ("k40", "mm", 31, 40, 37),
    ("col", "mm", 7, 50, 1),
    ("row", "mm", 1, 50, 33),
    ("dot", "mm", 1, 300, 1),
    ("kq", "mm", 11, 650, 19),
    ("kq2", "addmm", 13, 700, 21),
    # two threads, odd splits, K blocks, M pieces
    ("t1", "mm", 50, 100, 60),
    ("t2", "mm", 90, 50, 700),
    ("t3", "addmm", 37, 333, 71),
    ("t4", "mm", 300, 20, 12),
    ("t5", "mm", 1000, 30, 9),
    ("t6", "mm", 64, 2000, 13),
    ("t7", "mm_tn", 129, 97, 258),
    ("t8", "mm", 40, 700, 1500),  # M pieces of 376, 192, 182 rows per thread
    ("t9", "mm", 5000, 100, 3),  # M too small to split: the threads share N
    ("s1", "mm", 1, 300, 700),  # one thread, M cut in two pieces
    # batched matmul: bmm's own K-order loop below 400 multiply-adds a matrix, else BLAS
    ("bmm_small", "bmm", 3, 7, 5),
    ("bmm_big", "bmm", 10, 20, 10),
]
BATCH = 4


def main():
    assert "OPENBLAS_NUM_THREADS" not in os.environ, "run with OpenBLAS's default threads"
    torch.ones(2, 2) @ torch.ones(2, 2)
    maps = open("/proc/self/maps").read()
    assert "openblas" in maps, "torch must load OpenBLAS (libopenblas0-pthread)"
    out = {"torch": torch.__version__, "cases": []}
    for seed, (name, kind, r, k, c) in enumerate(CASES):
        seed = 2 * seed + 1
        if kind == "addmm":
            x = torch.from_numpy(hash_floats(r * k, seed).reshape(r, k))
            w = torch.from_numpy(hash_floats(c * k, seed + 1).reshape(c, k))
            b = torch.from_numpy(hash_floats(c, seed + 1000))
            y = torch.nn.functional.linear(x, w, b)
        elif kind == "mm":
            x = torch.from_numpy(hash_floats(r * k, seed).reshape(r, k))
            w = torch.from_numpy(hash_floats(k * c, seed + 1).reshape(k, c))
            y = x.mm(w)
        elif kind == "bmm":
            x = torch.from_numpy(hash_floats(BATCH * r * k, seed).reshape(BATCH, r, k))
            w = torch.from_numpy(hash_floats(BATCH * k * c, seed + 1).reshape(BATCH, k, c))
            y = x.matmul(w)
        else:
            x = torch.from_numpy(hash_floats(k * r, seed).reshape(k, r))
            w = torch.from_numpy(hash_floats(k * c, seed + 1).reshape(k, c))
            y = x.t().mm(w)
        raw = y.contiguous().numpy().astype("<f4").tobytes()
        case = {"name": name, "kind": kind, "r": r, "k": k, "c": c, "seed": seed,
                "sha256": hashlib.sha256(raw).hexdigest()}
        if y.numel() <= 20000:
            case["values"] = base64.b64encode(raw).decode()
        out["cases"].append(case)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gemm_golden.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
