#!/usr/bin/python3
"""Generate trig_golden.json: torch.sin and torch.cos of float32 inputs, by real PyTorch.

Run with Debian's python (python3-torch):
    /usr/bin/python3 tensor/testdata/gen_trig.py > tensor/testdata/trig_golden.json

The inputs are one contiguous float32 run (so torch's SIMD loop sees them in groups of
8 from the start, as in tensor's kernels): every scale below 125 in magnitude,
multiples of pi/2 and their neighbours, signed zeros, and now and then a value at or
beyond 125, NaN or an infinity, whose group of 8 SLEEF reduces another way. Values are
the float32 bit patterns, as integers.
"""
import json
import math

import numpy as np
import torch

torch.set_num_threads(1)
rng = np.random.default_rng(12)
n = 4096
x = (10.0 ** rng.uniform(-30, math.log10(124.99), n) * rng.choice([-1.0, 1.0], n)).astype(np.float32)
k = rng.integers(-79, 80, n)
near = (k * np.pi / 2).astype(np.float32)
steps = rng.integers(-2, 3, n).astype(np.int32)
near = (near.view(np.int32) + steps).view(np.float32)  # within 2 ulp of k*pi/2
x = np.where(np.arange(n) % 4 == 1, near, x)
x[np.arange(n) % 17 == 3] = np.float32(0.0)
x[np.arange(n) % 19 == 5] = np.float32(-0.0)
specials = np.array([125, -125, 124.99999, 1e6, 3e38, np.nan, np.inf, -np.inf, 1 << 20, -1e-45], dtype=np.float32)
pos = np.arange(n)[np.arange(n) % 101 == 60]
x[pos] = specials[np.arange(len(pos)) % len(specials)]
t = torch.from_numpy(x)
out = {
    "x": x.view(np.uint32).tolist(),
    "sin": torch.sin(t).numpy().view(np.uint32).tolist(),
    "cos": torch.cos(t).numpy().view(np.uint32).tolist(),
}
print(json.dumps(out, separators=(",", ":")))
