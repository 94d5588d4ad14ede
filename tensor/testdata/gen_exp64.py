#!/usr/bin/python3
"""Generate exp64_golden.json: float64 torch.exp by real PyTorch, which runs SLEEF's
Sleef_expd4_u10 (expf64 must match it bit for bit).

Run with Debian's python (python3-torch):
    OPENBLAS_CORETYPE=Haswell /usr/bin/python3 tensor/testdata/gen_exp64.py > tensor/testdata/exp64_golden.json

Bits are float64 bit patterns (16 hex digits).
  - x, exp: one contiguous run: random values over exp's whole range and beyond (the
    subnormal results below -708, SLEEF's limits 709.78... and -1000 and their
    neighbours), every scale near 0, +-0, +-Inf and NaN (two payloads) mixed in;
  - runs: exp of x[off:off+n] computed alone, for n = 1..67 and a few thousands, so
    that torch's last partial vector (and a run shorter than one) is checked too;
  - strided: exp of x[::3], a non-contiguous input.
"""
import json

import numpy as np
import torch

torch.set_num_threads(1)
rng = np.random.default_rng(8)


def bits(a):
    return ["%016x" % v for v in np.asarray(a, dtype=np.float64).view(np.uint64).tolist()]


n = 6000
sign = rng.choice([-1.0, 1.0], n)
parts = [
    rng.uniform(-2, 2, n),                        # around 0
    rng.uniform(-760, 715, n),                    # the whole range
    rng.uniform(-1005, -700, n),                  # subnormal results and the flush to 0
    10.0 ** rng.uniform(-320, 2.9, n) * sign,     # every scale
    rng.integers(-1100, 1100, n) * np.log(2) / 2,  # near multiples of ln 2 / 2: rounding ties of x/ln 2
]
which = rng.integers(0, len(parts), n)
x = np.choose(which, parts).astype(np.float64)
mx = 709.78271114955742909217217426
nan2 = np.array([0xfff8000000000123], dtype=np.uint64).view(np.float64)[0]
special = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, nan2, mx, np.nextafter(mx, 0), np.nextafter(mx, 800),
                    -1000.0, np.nextafter(-1000.0, 0), np.nextafter(-1000.0, -2000), -745.1332191019412,
                    -708.3964185322641, 709.782712893384, 5e-324, -5e-324, 2.2250738585072014e-308, 1.0, -1.0,
                    1e-17, -1e-17, 0.5, 1e300, -1e300, 88.7, -87.3], dtype=np.float64)
pos = np.arange(n)[np.arange(n) % 11 == 4]
x[pos] = special[np.arange(len(pos)) % len(special)]
t = torch.from_numpy(x)
runs = []
off = 0
for m in list(range(1, 68)) + [1000, 1001, 2047, 2051]:
    off = (off + 37 * m) % (n - m)
    runs.append({"off": off, "n": m, "exp": bits(torch.exp(t[off:off + m].clone()).numpy())})
out = {
    "torch": torch.__version__,
    "x": bits(x),
    "exp": bits(torch.exp(t).numpy()),
    "runs": runs,
    "strided": bits(torch.exp(t[::3]).contiguous().numpy()),
}
print(json.dumps(out, separators=(",", ":")))
