#!/usr/bin/python3
"""Generate tanh_golden.json: float32 torch.tanh by real PyTorch, which runs SLEEF's
Sleef_tanhf8_u10 (tanhf32 must match it bit for bit).

Run with Debian's python (python3-torch):
    OPENBLAS_CORETYPE=Haswell /usr/bin/python3 tensor/testdata/gen_tanh.py > tensor/testdata/tanh_golden.json

Bits are float32 bit patterns (8 hex digits).
  - x, tanh: one contiguous run: random values over several scales (near 0, the
    subnormals, |x| around 1, up to 9 and beyond, SLEEF's limit 8.664339742 and its
    neighbours), +-0, +-Inf and NaN mixed in;
  - runs: tanh of x[off:off+n] computed alone, for n = 1..67 and a few thousands, so
    that torch's last partial vector (and a run shorter than one) is checked too;
  - strided: tanh of x[::3], a non-contiguous input.
"""
import json
import struct

import numpy as np
import torch

torch.set_num_threads(1)
rng = np.random.default_rng(7)


def bits(a):
    return ["%08x" % v for v in np.asarray(a, dtype=np.float32).view(np.uint32).tolist()]


n = 12000
sign = rng.choice([-1.0, 1.0], n)
parts = [
    rng.uniform(-1, 1, n),                           # |x| < 1
    rng.uniform(-9.5, 9.5, n),                       # the whole computed range
    10.0 ** rng.uniform(-45, 1.2, n) * sign,         # every scale, subnormals included
    rng.uniform(-0.05, 0.05, n),                     # near 0
    10.0 ** rng.uniform(0.9, 38.5, n) * sign,        # large, beyond 9
]
which = rng.integers(0, len(parts), n)
x = np.choose(which, parts).astype(np.float32)
lim = np.float32(8.664339742)
special = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, -np.nan, lim, -lim, np.nextafter(lim, np.float32(0)),
                    np.nextafter(lim, np.float32(10)), 1e-45, -1e-45, 1.1754942e-38, -1.1754942e-38,
                    1.0, -1.0, 0.5, 9.0, -9.0, 3.4028235e38, -3.4028235e38, 1e-3, 0.34657359, 0.6931472],
                   dtype=np.float32)
pos = np.arange(n)[np.arange(n) % 13 == 6]
x[pos] = special[np.arange(len(pos)) % len(special)]
t = torch.from_numpy(x)
runs = []
off = 0
for m in list(range(1, 68)) + [1000, 1001, 2047, 4099]:
    off = (off + 37 * m) % (n - m)
    runs.append({"off": off, "n": m, "tanh": bits(torch.tanh(t[off:off + m].clone()).numpy())})
out = {
    "torch": torch.__version__,
    "x": bits(x),
    "tanh": bits(torch.tanh(t).numpy()),
    "runs": runs,
    "strided": bits(torch.tanh(t[::3]).contiguous().numpy()),
}
print(json.dumps(out, separators=(",", ":")))
