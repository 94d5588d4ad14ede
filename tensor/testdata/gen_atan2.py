#!/usr/bin/python3
"""Generate atan2_golden.json: torch.atan2's results, computed by real PyTorch.

Run with Debian's python (python3-torch):
    /usr/bin/python3 tensor/testdata/gen_atan2.py > tensor/testdata/atan2_golden.json

Each case gives the two inputs (flat data, shape, dtype; "transpose" makes the input
the transpose of that array, so that strided inputs are exercised) and torch's result.
NaN and infinities are the strings "nan", "inf" and "-inf".
"""
import json
import math

import torch

torch.set_num_threads(1)
DT = {"float32": torch.float32, "float64": torch.float64, "int64": torch.int64, "bool": torch.bool}
DTN = {v: k for k, v in DT.items()}


def enc(v):
    """JSON has no NaN or infinities: they are written as strings."""
    if isinstance(v, float) and not math.isfinite(v):
        return "nan" if math.isnan(v) else "inf" if v > 0 else "-inf"
    return v


def spec(data, shape, dtype, transpose=False):
    return {"data": data, "shape": shape, "dtype": dtype, "transpose": transpose}


def build(s):
    t = torch.tensor(s["data"], dtype=DT[s["dtype"]]).reshape(s["shape"])
    return t.t() if s["transpose"] else t


def encoded(s):
    return dict(s, data=[enc(v) for v in s["data"]])


def grid(n, lo, hi):
    """n values spread over [lo, hi] on a fixed irrational step, signs mixed."""
    return [lo + (hi - lo) * ((i * 0.6180339887498949) % 1.0) for i in range(n)]


inf, nan = math.inf, math.nan
specials = [0.0, -0.0, 1.0, -1.0, inf, -inf, nan, 1e-30, -1e-30, 3.0]
sx = [a for a in specials for _ in specials]
sy = [b for _ in specials for b in specials]
cases = [
    ("f32 same shape", spec(grid(6, -3, 3), [2, 3], "float32"), spec(grid(6, -2, 4)[::-1], [2, 3], "float32")),
    ("f32 broadcast column by row", spec(grid(3, -5, 5), [3, 1], "float32"), spec(grid(4, -5, 5), [4], "float32")),
    ("f32 by 0-d", spec(grid(5, -1, 1), [5], "float32"), spec([-0.5], [], "float32")),
    ("f32 transposed", spec(grid(6, -3, 3), [2, 3], "float32", True), spec(grid(6, -1, 1), [3, 2], "float32")),
    ("f32 long, vector loop and tail", spec(grid(203, -100, 100), [203], "float32"), spec(grid(203, -7, 7)[::-1], [203], "float32")),
    ("f32 special values", spec(sx, [len(sx)], "float32"), spec(sy, [len(sy)], "float32")),
    ("f64 broadcast", spec(grid(6, -3, 3), [2, 1, 3], "float64"), spec(grid(4, -3, 3), [4, 1], "float64")),
    ("f64 special values", spec(sx, [len(sx)], "float64"), spec(sy, [len(sy)], "float64")),
    ("int64 gives float32", spec([-3, -1, 0, 0, 2, 5], [6], "int64"), spec([4, 0, -1, 0, -2, 7], [6], "int64")),
    ("int64 with float64", spec([1, -2, 3], [3], "int64"), spec([0.5, -0.25, 2.0], [3], "float64")),
    ("bool gives float32", spec([True, False, True, False], [4], "bool"), spec([True, True, False, False], [4], "bool")),
]
out = []
for name, x, y in cases:
    r = torch.atan2(build(x), build(y))
    out.append({"name": name, "x": encoded(x), "y": encoded(y),
                "expect": {"data": [enc(v) for v in r.flatten().tolist()], "shape": list(r.shape), "dtype": DTN[r.dtype]}})
# one case per line, so that a regenerated file diffs case by case
print('{"torch": %s, "cases": [\n%s\n]}' % (json.dumps(torch.__version__), ",\n".join(json.dumps(c) for c in out)))
