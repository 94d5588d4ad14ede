#!/usr/bin/python3
"""Regenerates print_golden.json: how PyTorch 1.13 and numpy 1.24 print arrays.

Run with Debian's python3 (python3-torch, python3-numpy):
    /usr/bin/python3 tensor/testdata/gen_print.py > tensor/testdata/print_golden.json

Each case is a Python expression building a tensor. The golden records its
shape, dtype and values (float values as the hex bits of the float64 they
widen to, int64 as decimal, bool as 0/1), the autograd suffixes its repr
carries, and the texts: repr(tensor), str(ndarray) and repr(ndarray) of the
same data.
"""
import json
import math
import struct
import sys

import numpy as np
import torch

nan, inf = math.nan, math.inf

# name -> expression. Expressions see torch, np, nan, inf and t (torch.tensor).
CASES = [
    # PYTORCH_FACTS.md section 1
    ("facts nan inf padding", "t([1.5, nan, -inf])"),
    ("facts bool", "t([True, False, True])"),
    ("facts 0-d int mode", "t(3.)"),
    ("facts 0-d fixed", "t(3.5)"),
    ("facts 0-d bool", "t(True)"),
    ("facts 0-d int64", "t(7)"),
    ("facts float32 1e-4 is sci", "t([1e-4, 0.01])"),
    ("facts float64 1e-4 is fixed", "t([1e-4, 0.01], dtype=torch.float64)"),
    ("facts sci two exponent digits", "t([1e-5, 1.0])"),
    ("facts int mode zeros", "t([0., -0., 3.])"),
    ("facts float32 sum off integer", "torch.full((25,), 1.0).sum() + 2e-6"),
    ("facts empty 1-D", "t([])"),
    ("facts empty 2-D", "torch.zeros(0, 3)"),
    ("facts empty int64", "torch.zeros(0, dtype=torch.int64)"),
    ("facts empty float64 3-D", "torch.zeros(2, 0, 4, dtype=torch.float64)"),
    ("facts empty bool", "torch.zeros(0, 2, dtype=torch.bool)"),
    ("facts requires_grad", "t([1., 2., 3.], requires_grad=True)"),
    ("facts grad_fn", "t([1., 2.], requires_grad=True) * 3"),
    ("facts float64 0-d", "t(2.0945514815423265, dtype=torch.float64)"),
    # tensors of the reference notebooks
    ("nb arange 2x3 int64", "torch.arange(6).reshape(2, 3)"),
    ("nb abs", "t([1., 2., 1., 2.])"),
    ("nb sin", "torch.sin(t([-1., -2., 1., 2.]))"),
    ("nb sin float64", "torch.sin(t([-1., -2., 1., 2.], dtype=torch.float64))"),
    ("nb sigmoid", "t([-1., -2., 1., 2.]).sigmoid()"),
    ("nb exp", "t([-1., -2., 1., 2.]).exp()"),
    ("nb mean 0", "t([-1., -2., 1., 2.]).mean()"),
    ("nb mm", "t([[7., 10.], [15., 22.]])"),
    ("nb int matmul", "t([[7, 10], [15, 22]])"),
    ("nb square", "t([[1., 4.], [9., 16.]])"),
    ("nb 2x2", "t([[1., 2.], [3., 4.]])"),
    ("nb 2x2 requires_grad", "t([[1., 2.], [3., 4.]], requires_grad=True)"),
    ("nb 7.5", "t(7.5)"),
    ("nb cos grad_fn", "torch.cos(torch.mean(t([[1., 2.], [3., 4.]], requires_grad=True) ** 2))"),
    ("nb variable grad", "t([[-0.4690, -0.9380], [-1.4070, -1.8760]])"),
    ("nb relu 7", "torch.relu(t([7.], requires_grad=True))"),
    ("nb neg zero", "t([-0.])"),
    ("nb rand 3", "(torch.manual_seed(0), torch.rand(3))[1]"),
    ("nb rand 3 requires_grad", "(torch.manual_seed(0), torch.rand(3, requires_grad=True))[1]"),
    ("nb stack 10x3", "torch.stack([torch.arange(10.) ** 2 * 2 * (torch.arange(10.) % 2 + 1) / 2, torch.arange(10.) * 2 * torch.arange(10.) / torch.arange(1., 11.) * torch.arange(1., 11.) / 1, torch.arange(10.) ** 3 / 2], dim=1).round()"),
    ("nb jacobian 10x3x3", "torch.stack([torch.tensor([[3. * i * i, -2. * i, 0.], [0., 2. * i, 2. * i], [-2. * i, 0., 3. * i * i]]) for i in range(10)])"),
    ("nb linspace sin sci", "torch.sin(torch.linspace(0, 2 * np.pi, 5, requires_grad=True))"),
    ("nb linspace cos sci", "torch.cos(torch.linspace(0, 2 * np.pi, 5, requires_grad=True))"),
    ("nb linspace 5", "torch.linspace(0, 2 * np.pi, 5)"),
    ("nb linspace -5 5 float32", "torch.linspace(-5, 5, 10)"),
    ("nb linspace -5 5 float64", "torch.from_numpy(np.linspace(-5, 5, 10))"),
    ("nb 10x2", "torch.linspace(0, 2, 20).reshape(2, -1).T ** 2"),
    ("nb arange 5", "torch.arange(5, dtype=torch.float32)"),
    ("nb bools", "torch.arange(4.) * 4 == 4 * torch.arange(4.)"),
    ("nb grad 5", "t([1.0000, 1.2000, 1.1600, 1.1200, 1.0941])"),
    ("nb column", "t([[2.], [3.]], requires_grad=True)"),
    ("nb stack grad_fn", "torch.stack([t([1., 2.], requires_grad=True), t([3., 4.])], dim=1)"),
    # scientific mode
    ("sci big ratio", "t([1e10, 1.])"),
    ("sci small", "t([1e-8, 2e-9])"),
    ("sci int mode ratio", "t([1., 10000.])"),
    ("sci int mode big", "t([1e9, 2.])"),
    ("sci negative", "t([-1.5e-7, 2.25, -3.0e5])"),
    ("sci float64", "t([1e-300, 1e300], dtype=torch.float64)"),
    ("sci with nan", "t([1e-8, nan, inf, -inf])"),
    ("numpy exp threshold", "t([1e8, 1.])"),
    ("numpy exp threshold float64", "t([99999999.5, 1.], dtype=torch.float64)"),
    # nan and inf
    ("all nan", "t([nan, nan])"),
    ("nan inf only", "t([nan, inf, -inf])"),
    ("int mode nan", "t([1., nan, 2.])"),
    ("zeros nan", "t([0., nan])"),
    ("2-D nan", "t([[1.25, nan], [-inf, 4.]])"),
    # summarization
    ("summarize 1-D arange", "torch.arange(2000.)"),
    ("summarize 1-D randn", "(torch.manual_seed(1), torch.randn(1001))[1]"),
    ("summarize 2-D", "(torch.manual_seed(2), torch.randn(40, 40))[1]"),
    ("summarize 3-D", "(torch.manual_seed(3), torch.randn(12, 12, 12))[1]"),
    ("summarize narrow 2-D", "torch.arange(3000).reshape(1000, 3)"),
    ("summarize wide 2-D", "torch.arange(3000).reshape(3, 1000) * 1.5"),
    ("summarize int64", "torch.arange(3000).reshape(30, 100) - 1500"),
    ("summarize bool", "torch.arange(1200).reshape(30, 40) % 3 == 0"),
    ("summarize float64", "(torch.manual_seed(4), torch.randn(1002, dtype=torch.float64))[1]"),
    ("summarize requires_grad", "(torch.manual_seed(5), torch.randn(50, 30, requires_grad=True))[1]"),
    # line wrapping
    ("wrap randn 30", "(torch.manual_seed(6), torch.randn(30))[1]"),
    ("wrap arange 50 int64", "torch.arange(50)"),
    ("wrap 3x20", "(torch.manual_seed(7), torch.randn(3, 20))[1]"),
    ("wrap float64 12", "(torch.manual_seed(8), torch.randn(12, dtype=torch.float64))[1]"),
    ("wrap int mode 30", "torch.arange(30.) * 7"),
    ("wrap bool 30", "torch.arange(30) % 2 == 0"),
    ("wrap numpy float64 long", "(torch.manual_seed(9), torch.rand(20, dtype=torch.float64) * 1000)[1]"),
    ("wrap 2x12 float32", "(torch.manual_seed(10), torch.rand(2, 12))[1]"),
    # suffix wrapping
    ("suffix wrap grad_fn", "(torch.manual_seed(11), torch.randn(8, requires_grad=True) * 2)[1]"),
    ("suffix wrap float64 grad_fn", "(torch.manual_seed(12), torch.randn(7, dtype=torch.float64, requires_grad=True) + 1)[1]"),
    ("suffix wrap 2-D permute", "(torch.manual_seed(13), torch.randn(2, 8, requires_grad=True).permute(1, 0).permute(1, 0))[1]"),
    ("suffix wrap requires_grad", "(torch.manual_seed(14), torch.randn(9, requires_grad=True))[1]"),
    ("suffix short float64 requires_grad", "t([1.5, 2.], dtype=torch.float64, requires_grad=True)"),
    # misc
    ("3-D small", "torch.arange(24.).reshape(2, 3, 4) / 4"),
    ("4-D", "torch.arange(16).reshape(2, 2, 2, 2)"),
    ("negative ints", "t([-100, 5, 12345])"),
    ("1x1", "t([[0.5]])"),
    ("mixed magnitudes", "t([0.001, 123.456, -7.])"),
    ("float32 shortest", "t([0.1, 0.2, 0.3]) * 3"),
    ("float64 shortest", "t([0.1, 0.2, 0.30000000000000004], dtype=torch.float64)"),
    ("float64 rounding cut", "t([1 / 3, 2 / 3, 1e-3 / 3], dtype=torch.float64)"),
    ("int64 0-d negative", "t(-42)"),
    ("float32 0-d small", "t(1e-5)"),
    ("float64 0-d big", "t(1.5e20, dtype=torch.float64)"),
    ("float32 0-d nan", "t(nan)"),
    ("float32 0-d -0", "t(-0.)"),
    ("exp three digit exponents", "t([1e-300, 1e5, -2.5], dtype=torch.float64)"),
    ("exp mixed digits float64", "t([1.23456789012e-7, 5.0, 6.02214076e23], dtype=torch.float64)"),
    ("exp rounding carry", "t([9.9999999999e-5, 1.0], dtype=torch.float64)"),
    ("positional rounding carry", "t([0.999999999999, 2.5], dtype=torch.float64)"),
    ("repr dtype wraps", "(torch.manual_seed(15), torch.rand(6))[1]"),
    ("repr dtype wraps 2", "t([0.123456, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8])"),
    ("int64 wide", "t([[1, -20000], [300, 4]])"),
    ("float64 integral big", "t([12345678., 1.], dtype=torch.float64)"),
    ("float32 0-d int", "t(1e7)"),
    ("float32 0-d big", "t(3e16)"),
    ("float64 0-d small", "t(0.000123, dtype=torch.float64)"),
    ("summarize 1-D float64 wrap", "torch.arange(1500, dtype=torch.float64) / 7"),
    ("summarize 4-D", "torch.arange(2 * 3 * 20 * 20).reshape(2, 3, 20, 20) % 7 - 3"),
    ("repr dtype new line", "(torch.manual_seed(15), torch.rand(5))[1]"),
    ("repr dtype new line 2-D", "(torch.manual_seed(16), torch.rand(2, 5))[1]"),
    ("bool 2-D", "t([[True, False], [False, False]])"),
    ("column float64", "t([[0.5], [1.25], [-3.]], dtype=torch.float64)"),
]


def random_cases(n, seed=1234):
    """Random shapes, dtypes and value mixes: a broad net under the named cases."""
    g = np.random.default_rng(seed)
    out = []
    for k in range(n):
        ndim = int(g.integers(0, 4))
        shape = [int(g.integers(0 if ndim and k % 17 == 0 else 1, 7)) for _ in range(ndim)]
        dtype = ["float32", "float64", "int64", "bool"][int(g.integers(0, 4))]
        size = int(np.prod(shape)) if shape else 1
        mix = int(g.integers(0, 6))
        if dtype == "bool":
            v = g.integers(0, 2, size).astype(bool)
        elif dtype == "int64":
            v = g.integers(-10 ** int(g.integers(1, 7)), 10 ** int(g.integers(1, 7)), size)
        else:
            scale = 10.0 ** float(g.integers(-9, 10))
            if mix == 0:
                v = g.standard_normal(size) * scale
            elif mix == 1:
                v = np.round(g.standard_normal(size) * 100)  # integral values
            elif mix == 2:
                v = np.round(g.standard_normal(size) * 1000) / 8  # short binary fractions
            elif mix == 3:
                v = g.standard_normal(size) * scale
                v[g.random(size) < 0.3] = np.nan
                v[g.random(size) < 0.2] = -np.inf
            elif mix == 4:
                v = g.random(size) * 10.0 ** g.integers(-6, 7, size)
            else:
                v = g.standard_normal(size)
                v[g.random(size) < 0.5] = 0.0
        expr = "torch.tensor(%r, dtype=torch.%s).reshape(%r)" % (
            [x.item() for x in v], dtype, shape)
        out.append(("random %d" % k, expr))
    return out


CASES += random_cases(300)


def hexbits(v):
    return "%016x" % struct.unpack("<Q", struct.pack("<d", v))[0]


def main():
    out = []
    for name, expr in CASES:
        y = eval(expr, {"torch": torch, "np": np, "nan": nan, "inf": inf, "t": torch.tensor})
        d = y.detach()
        dtype = str(d.dtype).replace("torch.", "")
        flat = d.reshape(-1).tolist()
        if dtype in ("float32", "float64"):
            values = [hexbits(float(v)) for v in flat]
        elif dtype == "bool":
            values = [int(v) for v in flat]
        else:
            values = [str(v) for v in flat]
        suffixes = []
        if y.grad_fn is not None:
            suffixes.append("grad_fn=<%s>" % type(y.grad_fn).__name__)
        elif y.requires_grad:
            suffixes.append("requires_grad=True")
        a = d.numpy()
        out.append({
            "name": name, "expr": expr, "shape": list(d.shape), "dtype": dtype,
            "values": values, "suffixes": suffixes,
            "torch": repr(y), "numpy_str": str(a), "numpy_repr": repr(a),
        })
    # One case per line keeps the file small and its diffs readable.
    w = sys.stdout.write
    w('{"torch": %s, "numpy": %s, "cases": [\n' % (
        json.dumps(torch.__version__), json.dumps(np.__version__)))
    w(",\n".join(json.dumps(c) for c in out))
    w("\n]}\n")


if __name__ == "__main__":
    main()
