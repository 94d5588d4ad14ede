#!/usr/bin/python3
"""Generate libmexp64_golden.json: glibc's exp on double (libm.so.6's exp, called through
ctypes), the std::exp of PyTorch's scalar float64 code, for libmexp_test.go.

Run from the repository root with Debian's python (glibc 2.28 or later, on a CPU with
FMA, where glibc runs its FMA build):
    /usr/bin/python3 tensor/testdata/gen_libmexp64.py > tensor/testdata/libmexp64_golden.json

Inputs: random values over exp's whole range (the subnormal results below -708, the
overflow above 709.78), every scale near zero, both slow ranges' edges (|x| of 512 and
1024, 2^-54), the results' limits and their neighbours, ±0, ±Inf and NaN. Bits are
float64 bit patterns (16 hex digits).
"""
import ctypes
import json
import math
import random
import struct
import sys

rng = random.Random(9)
libm = ctypes.CDLL("libm.so.6")
libm.exp.restype, libm.exp.argtypes = ctypes.c_double, [ctypes.c_double]


def bits(v):
    return "%016x" % struct.unpack("<Q", struct.pack("<d", v))[0]


xs = [rng.uniform(-750, 720) for _ in range(6000)]
xs += [rng.uniform(-2, 2) for _ in range(4000)]
xs += [rng.uniform(-760, -700) for _ in range(1500)]  # subnormal results
xs += [math.copysign(2.0 ** rng.uniform(-70, 10), rng.choice([-1, 1])) for _ in range(3000)]
edges = [512.0, 1024.0, 2.0 ** -54, 709.782712893384, -708.3964185322641, -745.1332191019411, -745.1332191019412,
         709.7827128933841, 0.5 * math.log(2) / 128, 100 * math.log(2) / 128]
for e in edges:
    for s in (1, -1):
        v = s * e
        for _ in range(4):
            xs += [v]
            v = math.nextafter(v, math.inf)
        v = s * e
        for _ in range(4):
            v = math.nextafter(v, -math.inf)
            xs += [v]
xs += [0.0, -0.0, math.inf, -math.inf, math.nan, 1.0, -1.0, 1e-310, -1e-310, 5e-324]
json.dump({"x": [bits(v) for v in xs], "exp": [bits(libm.exp(v)) for v in xs]},
          sys.stdout)
