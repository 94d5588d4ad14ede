#!/usr/bin/python3
"""Generate sin_golden.json: torch.sin's float32 results, computed by real PyTorch 1.13
(SLEEF's Sleef_sinf8_u10 on AVX2), which sinf32 must match bit for bit.

Run with Debian's python (python3-torch):
    /usr/bin/python3 tensor/testdata/gen_sin.py > tensor/testdata/sin_golden.json

Inputs and results are float32 bit patterns (8 hex digits): the tutorial's grid
linspace(-pi, pi, 2000), seeded random values at every scale below SLEEF's fast-path
bound of 125, and signed zeros and tiny values.
"""
import json
import math
import struct

import torch

torch.set_num_threads(1)
torch.manual_seed(7)
parts = [torch.linspace(-math.pi, math.pi, 2000)]
for e in range(-6, 3):
    parts.append((torch.rand(300) * 2 - 1) * min(10.0 ** e, 124.99))
parts.append(torch.tensor([0.0, -0.0, 1e-30, -1e-30, 1e-45, 124.99, -124.99, math.pi / 2, math.pi]))
x = torch.cat(parts)


def bits(t):
    return ["%08x" % struct.unpack("<I", struct.pack("<f", v))[0] for v in t.tolist()]


print(json.dumps({"x": bits(x), "sin": bits(torch.sin(x))}))
