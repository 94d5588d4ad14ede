#!/usr/bin/python3
"""Goldens for tensor's matrix-vector product on OpenBLAS (mv_test.go): torch.mv from
PyTorch 1.13 on Debian's OpenBLAS 0.3.21 (libopenblas0-pthread, core Haswell, its
default two threads on the reference machines).

Run from the repository root with Debian's python:
    /usr/bin/python3 tensor/testdata/gen_mv.py
The script re-executes itself with the openblas-pthread directory first on the loader
path (torch calls sgemv_/dgemv_ from libblas.so.3, the reference BLAS unless OpenBLAS
comes first) and OPENBLAS_CORETYPE=Haswell unless it is set. Operands come from
gen_gemm.py's hash_floats, mirrored in Go (signedHashFloats); float64 operands are those
values divided by 3, so that they use all 53 bits. The golden file holds a SHA-256 of
each result's little-endian bytes, and the values themselves for the smaller ones.
"""
import base64
import ctypes
import hashlib
import json
import os
import sys

OPENBLAS_DIR = "/usr/lib/x86_64-linux-gnu/openblas-pthread"
if os.environ.get("GOGRAD_GEN_MV") != "1":
    os.environ["GOGRAD_GEN_MV"] = "1"
    os.environ["LD_LIBRARY_PATH"] = OPENBLAS_DIR + (":" + os.environ["LD_LIBRARY_PATH"] if os.environ.get("LD_LIBRARY_PATH") else "")
    os.environ.setdefault("OPENBLAS_CORETYPE", "Haswell")
    os.execv(sys.executable, [sys.executable] + sys.argv)

import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_gemm import hash_floats  # noqa: E402

# name, r, k, layout: the product is an r x k matrix times a k-vector, the matrix laid
# out as
#   rows:  contiguous (PyTorch: gemv 't', lda = k)
#   cols:  the transpose of a contiguous k x r matrix (gemv 'n', lda = r)
#   lda:   the first k columns of a contiguous r x (k+3) matrix (gemv 't', lda = k+3)
#   ldan:  the transpose of the first r columns of a k x (r+5) matrix (gemv 'n', lda = r+5)
#   step2: every other column of an r x 2k matrix (copied, then gemv 't')
#   vstep: contiguous, the vector every other element of a 2k one (incx = 2)
#   vexp:  contiguous, the vector one value expanded (stride 0: PyTorch's own loop)
#   specials: contiguous, with zeros, infinities and NaNs in both operands
SHAPES = [(7, 5), (64, 100), (1000, 1000), (3, 1000), (1000, 3), (37, 1001), (1, 50), (50, 1),
          (100, 5000), (5000, 100), (2, 20000), (20000, 2)]
CASES = [("%s_%dx%d" % (lay, r, k), r, k, lay) for lay in ("rows", "cols") for r, k in SHAPES]
CASES += [("%s_%dx%d" % (lay, r, k), r, k, lay) for lay in ("lda", "ldan", "step2", "vstep", "vexp")
          for r, k in [(7, 5), (64, 100), (300, 700)]]
CASES += [("specials_%dx%d" % (r, k), r, k, "specials") for r, k in [(7, 5), (64, 100)]]
DTYPES = ["float32", "float64"]


def operands(r, k, layout, seed, dtype):
    def h(n, s):
        v = hash_floats(n, s)
        return v.astype(np.float64) / 3 if dtype == "float64" else v

    if layout == "cols":
        a = torch.from_numpy(h(k * r, seed).reshape(k, r)).t()
    elif layout == "lda":
        a = torch.from_numpy(h(r * (k + 3), seed).reshape(r, k + 3))[:, :k]
    elif layout == "ldan":
        a = torch.from_numpy(h(k * (r + 5), seed).reshape(k, r + 5))[:, :r].t()
    elif layout == "step2":
        a = torch.from_numpy(h(r * 2 * k, seed).reshape(r, 2 * k))[:, ::2]
    else:
        a = torch.from_numpy(h(r * k, seed).reshape(r, k))
    if layout == "vstep":
        v = torch.from_numpy(h(2 * k, seed + 1))[::2]
    elif layout == "vexp":
        v = torch.from_numpy(h(1, seed + 1)).expand(k)
    else:
        v = torch.from_numpy(h(k, seed + 1))
    if layout == "specials":
        # mirrored in mv_test.go (mvSpecials)
        a, v = a.clone(), v.clone()
        f = a.view(-1)
        f[::13] = 0
        f[1::29] = -0.0
        f[2::31] = float("inf")
        f[3::37] = float("-inf")
        f[4::41] = float("nan")
        v[1] = float("inf")
        v[k // 2] = 0
    return a, v


def main():
    assert "OPENBLAS_NUM_THREADS" not in os.environ, "run with OpenBLAS's default threads"
    torch.ones(2, 2).mv(torch.ones(2))
    assert "openblas" in open("/proc/self/maps").read(), "torch must load OpenBLAS (libopenblas0-pthread)"
    ob = ctypes.CDLL("libopenblas.so.0")
    ob.openblas_get_corename.restype = ctypes.c_char_p
    core, threads = ob.openblas_get_corename().decode(), ob.openblas_get_num_threads()
    out = {"torch": torch.__version__, "core": core, "threads": threads, "cases": []}
    seed = 1
    for dtype in DTYPES:
        for name, r, k, layout in CASES:
            a, v = operands(r, k, layout, seed, dtype)
            y = torch.mv(a, v)
            raw = y.numpy().astype("<f4" if dtype == "float32" else "<f8").tobytes()
            case = {"name": "%s/%s" % (dtype, name), "dtype": dtype, "r": r, "k": k, "layout": layout, "seed": seed,
                    "sha256": hashlib.sha256(raw).hexdigest()}
            if r <= 1000:
                case["values"] = base64.b64encode(raw).decode()
            out["cases"].append(case)
            seed += 2
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mv_golden.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
