#!/usr/bin/python3
"""Regenerates rng_golden.json: PyTorch's CPU generator draws, bit for bit.

Run with Debian's python3 (python3-torch 1.13):
    /usr/bin/python3 tensor/testdata/gen_rng.py > tensor/testdata/rng_golden.json

Values are stored as hexadecimal bit patterns (8 digits for float32, 16 for
float64) so that the Go tests compare bits, not decimal renderings.

Each case is a list of steps run on one generator after manual_seed(seed); a
step's output is compared in order. "fresh" cases hold one step, "stream"
cases chain many steps so the state carried between calls (the mt19937
position and the cached second Box-Muller sample) is exercised too.
"""
import json
import math
import struct
import sys

import numpy
import torch

DT = {"float32": torch.float32, "float64": torch.float64}


def bits(t):
    t = t.detach().contiguous().view(-1)
    if t.dtype == torch.float32:
        return ["%08x" % struct.unpack("<I", struct.pack("<f", v))[0] for v in t.tolist()]
    return ["%016x" % struct.unpack("<Q", struct.pack("<d", v))[0] for v in t.tolist()]


def f64hex(v):
    return "%016x" % struct.unpack("<Q", struct.pack("<d", v))[0]


def run(step):
    op, dtype, shape = step["op"], DT[step["dtype"]], step["shape"]
    if op == "rand":
        return torch.rand(*shape, dtype=dtype)
    if op == "randn":
        return torch.randn(*shape, dtype=dtype)
    if op == "uniform_":
        return torch.empty(*shape, dtype=dtype).uniform_(step["from"], step["to"])
    if op == "normal_":
        return torch.empty(*shape, dtype=dtype).normal_(step["mean"], step["std"])
    if op == "normal_strided":
        # normal_ on a transposed (non-contiguous) view: torch takes the
        # scalar path whatever the size and visits storage order, which is
        # what the bits of the base record.
        base = torch.empty(*shape, dtype=dtype)
        base.t().normal_(step["mean"], step["std"])
        return base
    raise ValueError(op)


def case(name, seed, steps):
    torch.manual_seed(seed)
    out = []
    for s in steps:
        t = run(s)
        out.append(dict(s, bits=bits(t)))
    return {"name": name, "seed": seed, "steps": out}


def main():
    cases = []
    basic = [("rand", [5]), ("randn", [5]), ("randn", [17]), ("randn", [20]), ("randn", [100, 5])]
    extra = [("randn", [1]), ("randn", [15]), ("randn", [16]), ("randn", [33]),
             ("rand", [3, 7]), ("randn", [1000])]
    for dt in ("float32", "float64"):
        for op, shape in basic + extra:
            step = {"op": op, "dtype": dt, "shape": shape}
            cases.append(case("fresh %s%s %s" % (op, shape, dt), 42, [step]))
    for dt in ("float32", "float64"):
        steps = [{"op": op, "dtype": dt, "shape": shape} for op, shape in basic + extra]
        cases.append(case("stream %s" % dt, 42, steps))
    # Mixed dtypes in one stream: the cached Box-Muller sample is shared by
    # float32 and float64 tensors below 16 elements (both use the double path).
    mixed = [
        {"op": "randn", "dtype": "float32", "shape": [3]},
        {"op": "randn", "dtype": "float64", "shape": [3]},
        {"op": "rand", "dtype": "float64", "shape": [2]},
        {"op": "randn", "dtype": "float32", "shape": [1]},
        {"op": "randn", "dtype": "float32", "shape": [18]},
        {"op": "randn", "dtype": "float64", "shape": [1]},
    ]
    cases.append(case("stream mixed", 0, mixed))
    for dt in ("float32", "float64"):
        cases.append(case("normal_ strided %s" % dt, 3, [
            {"op": "normal_strided", "dtype": dt, "shape": [4, 5], "mean": 0.0, "std": 1.0},
            {"op": "randn", "dtype": dt, "shape": [3]},
            {"op": "normal_strided", "dtype": dt, "shape": [2, 3], "mean": 1.0, "std": 2.0},
        ]))
    cases.append(case("seed 0 randn(2,3)", 0, [{"op": "randn", "dtype": "float32", "shape": [2, 3]}]))
    cases.append(case("seed 2**40+7 rand(4)", 2**40 + 7, [{"op": "rand", "dtype": "float32", "shape": [4]}]))
    for dt in ("float32", "float64"):
        cases.append(case("uniform_ %s" % dt, 42, [
            {"op": "uniform_", "dtype": dt, "shape": [3, 5], "from": -0.5, "to": 0.5},
            {"op": "uniform_", "dtype": dt, "shape": [7], "from": 2.0, "to": 3.25},
            # float32 subnormal results: the fused multiply-add's single
            # rounding has to land on the subnormal grid.
            {"op": "uniform_", "dtype": dt, "shape": [64], "from": -1e-40, "to": 3e-40},
        ]))
        cases.append(case("normal_ %s" % dt, 42, [
            {"op": "normal_", "dtype": dt, "shape": [5], "mean": 2.0, "std": 3.0},
            {"op": "normal_", "dtype": dt, "shape": [20], "mean": -1.5, "std": 0.3},
        ]))

    # nn.Linear(5, 3): weight then bias, both uniform_(-bound, bound) with the
    # bounds torch.nn.init computes in Python floats.
    torch.manual_seed(42)
    lin = torch.nn.Linear(5, 3)
    a = math.sqrt(5)
    gain = math.sqrt(2.0 / (1 + a ** 2))
    wbound = math.sqrt(3.0) * (gain / math.sqrt(5))
    bbound = 1 / math.sqrt(5)
    linear = {
        "seed": 42, "in": 5, "out": 3,
        "weight_bound": f64hex(wbound), "bias_bound": f64hex(bbound),
        "weight": bits(lin.weight), "bias": bits(lin.bias),
    }

    # Raw 32-bit outputs of mt19937 seeded with init_genrand(42), the seeding
    # torch's manual_seed uses; numpy's legacy seeding of its MT19937 is the
    # same reference algorithm and exposes the raw words.
    bg = numpy.random.MT19937()
    bg._legacy_seeding(42)
    raw = ["%08x" % int(v) for v in bg.random_raw(1300)]

    # One case per line keeps diffs of a regenerated file readable.
    w = sys.stdout.write
    w('{"torch": %s,\n "linear": %s,\n "raw42": %s,\n "cases": [\n' % (
        json.dumps(torch.__version__), json.dumps(linear), json.dumps(raw)))
    w(",\n".join("  " + json.dumps(c) for c in cases))
    w("\n ]\n}\n")


if __name__ == "__main__":
    main()
