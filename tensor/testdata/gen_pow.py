#!/usr/bin/python3
"""Generate pow_golden.json: float32 x ** e for scalar exponents that PyTorch computes
with SLEEF's Sleef_powf8_u10 on blocks of 16 elements (every exponent but 2, 3, -2,
+-0.5 and -1), which powf32 must match bit for bit.

Run with Debian's python (python3-torch):
    /usr/bin/python3 tensor/testdata/gen_pow.py > tensor/testdata/pow_golden.json

Bits are float32 bit patterns (8 hex digits); x has a multiple of 16 elements, so that
every result comes from the SIMD loop.
"""
import json
import math
import struct

import torch

torch.set_num_threads(1)
torch.manual_seed(11)
x = torch.cat([torch.linspace(-math.pi, math.pi, 160), torch.rand(160) * 20 - 10,
               torch.rand(64) * 1e3, torch.rand(64) * 1e-3, torch.rand(32) * 1e-39])
assert len(x) % 16 == 0


def bits(t):
    return ["%08x" % struct.unpack("<I", struct.pack("<f", v))[0] for v in t.tolist()]


print(json.dumps({"x": bits(x), "cases": [{"e": e, "pow": bits(x ** e)} for e in [4.0, 5.0, 1.5, -3.0, 0.3, 7.0]]}))
