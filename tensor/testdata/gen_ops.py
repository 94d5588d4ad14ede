#!/usr/bin/python3
"""Generate ops_golden.json: expected results of tensor ops, computed by real PyTorch.

Run with Debian's python (python3-torch, python3-numpy):
    /usr/bin/python3 tensor/testdata/gen_ops.py > tensor/testdata/ops_golden.json

Each case names an op (dispatched the same way by ops_test.go), its inputs and args,
and either the expected array(s)/value or the expected error (Python exception class
and PyTorch's message). Inputs are flat data + shape + dtype, optionally followed by
view steps (transpose, slice, expand, ...) so that non-contiguous inputs are exercised,
or a deterministic generator ("hash" floats in [0,1), "arange") for large inputs.
Torch runs single-threaded (torch.set_num_threads(1)) unless a case says otherwise.
"""
import json
import math
import os
import subprocess
import sys

# Matrix products depend on the BLAS behind torch. The reference notebooks ran on
# OpenBLAS 0.3.21 (libopenblas0-pthread, two threads), whose blocked order tensor's
# float32 gemm reproduces (gemm.go), so the "mm" and "matmul" cases are computed under
# it, by a second run of this script (GOGRAD_OPENBLAS_PRODUCTS=1, see the end). The
# other cases (mv, dot, ...) keep Debian's reference BLAS (libblas3), which adds
# products in order: when OpenBLAS is installed it becomes libblas.so.3 through
# update-alternatives, so put the reference library first on the loader path and re-run
# this script under it. (The mv cases are thus the in-order sums of gograd's fallback,
# which golden_test.go checks them against; Mv on OpenBLAS's sgemv has its own goldens,
# gen_mv.py.)
PRODUCT_OPS = ("mm", "matmul")
OPENBLAS_PRODUCTS = os.environ.get("GOGRAD_OPENBLAS_PRODUCTS") == "1"
ORIG_LD_PATH = os.environ.get("GOGRAD_ORIG_LD_PATH", os.environ.get("LD_LIBRARY_PATH", ""))
REF_BLAS = "/usr/lib/x86_64-linux-gnu/blas"
if not OPENBLAS_PRODUCTS and os.environ.get("GOGRAD_REF_BLAS") != "1" and os.path.exists(os.path.join(REF_BLAS, "libblas.so.3")):
    os.environ["GOGRAD_ORIG_LD_PATH"] = ORIG_LD_PATH
    os.environ["GOGRAD_REF_BLAS"] = "1"
    os.environ["LD_LIBRARY_PATH"] = REF_BLAS + (":" + os.environ["LD_LIBRARY_PATH"] if os.environ.get("LD_LIBRARY_PATH") else "")
    os.execv(sys.executable, [sys.executable] + sys.argv)

import numpy as np  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(1)

DT = {"float32": torch.float32, "float64": torch.float64, "int64": torch.int64, "bool": torch.bool}
DTN = {v: k for k, v in DT.items()}


def enc(v):
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
    return v


def dec(v):
    return {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}.get(v, v) if isinstance(v, str) else v


def enc_arr(t):
    return {"shape": list(t.shape), "dtype": DTN[t.dtype], "data": [enc(v) for v in t.flatten().tolist()]}


def hash_floats(n, seed):
    """Deterministic floats in [0, 1) with 24 random bits, reproduced in Go (hashFloats)."""
    with np.errstate(over="ignore"):
        h = np.arange(n, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(seed)
        h ^= h >> np.uint64(29)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(32)
    return torch.from_numpy(((h >> np.uint64(40)).astype(np.float64) / 2.0**24).astype(np.float32))


def build(spec):
    if "scalar" in spec:
        return dec(spec["scalar"])
    if "gen" in spec:
        if spec["gen"] == "hash":
            t = hash_floats(spec["n"], spec["seed"])
        else:
            t = torch.arange(spec["n"])
        t = t.to(DT[spec["dtype"]])
        if spec.get("scale3"):
            t = t * (1 + 1 / 3)
        if spec.get("near1"):
            t = t * 0.25 + 0.875
        if "affine" in spec:
            t = t * spec["affine"][0] + spec["affine"][1]
        if "reshape" in spec:
            t = t.reshape(spec["reshape"])
    else:
        t = torch.tensor([dec(v) for v in spec["data"]], dtype=DT[spec["dtype"]]).reshape(spec["shape"])
    for step in spec.get("views", []):
        op, a = step[0], step[1:]
        if op == "T":
            t = t.permute(*reversed(range(t.dim())))
        elif op == "transpose":
            t = t.transpose(*a)
        elif op == "slice":
            d, s, e, st = a
            t = t[(slice(None),) * (d % t.dim()) + (slice(s, e, st),)]
        elif op == "select":
            t = t.select(*a)
        elif op == "expand":
            t = t.expand(*a)
        elif op == "unsqueeze":
            t = t.unsqueeze(*a)
        else:
            raise ValueError(op)
    return t


def arr(data, dtype="float32", shape=None, views=None):
    flat = np.array(data, dtype=object).flatten().tolist() if isinstance(data, list) else [data]
    if shape is None:
        shape = list(np.array(data).shape)
    s = {"shape": shape, "dtype": dtype, "data": [enc(float(v)) if dtype.startswith("float") else v for v in flat]}
    if views:
        s["views"] = views
    return s


def sc(v, typ=None):
    if typ is None:
        typ = "bool" if isinstance(v, bool) else "int" if isinstance(v, int) else "float"
    return {"scalar": enc(v), "type": typ}


def numel(shape):
    return int(np.prod(shape))


def add_self(y, transposed):
    """y += y (allowed: full overlap) or y += y.T (partial overlap: an error)."""
    y.add_(y.t() if transposed else y)
    return y


def copy_shift(y, step):
    """y[1:] = y[:-1] (dense, overlapping: an error) or y[2::2] = y[:-2:2] (strided)."""
    if step == 1:
        y[1:].copy_(y[:-1])
    else:
        y[2::2].copy_(y[:-2:2])
    return y


def add_shift2(y):
    """y[2::2] += y[:-2:2]: overlapping strided views, read as the loop writes."""
    y[2::2].add_(y[:-2:2])
    return y


def select_copy(x, a):
    """y = x0.clone(); y[..., index, ...] = x1 (a write through a view)."""
    y = x[0].clone()
    y.select(a["dim"], a["index"]).copy_(x[1])
    return y


def slice_add(x, a):
    """y = x0.clone(); y[start:stop:step] += x1 along dim, in place through the view."""
    y = x[0].clone()
    y[(slice(None),) * a["dim"] + (slice(a["start"], a["stop"], a["step"]),)].add_(x[1])
    return y


OPS = {
    "neg": lambda x, a: x[0].neg(), "abs": lambda x, a: x[0].abs(), "sign": lambda x, a: x[0].sign(),
    "sin": lambda x, a: x[0].sin(), "cos": lambda x, a: x[0].cos(), "tan": lambda x, a: x[0].tan(),
    "exp": lambda x, a: x[0].exp(), "log": lambda x, a: x[0].log(), "sqrt": lambda x, a: x[0].sqrt(),
    "sigmoid": lambda x, a: x[0].sigmoid(), "tanh": lambda x, a: x[0].tanh(), "relu": lambda x, a: x[0].relu(),
    "add": lambda x, a: torch.add(*x), "sub": lambda x, a: torch.sub(*x), "mul": lambda x, a: torch.mul(*x),
    "div": lambda x, a: torch.div(*x), "pow": lambda x, a: torch.pow(*x),
    "maximum": lambda x, a: torch.maximum(*x), "minimum": lambda x, a: torch.minimum(*x),
    "eq": lambda x, a: torch.eq(*x), "ne": lambda x, a: torch.ne(*x), "lt": lambda x, a: torch.lt(*x),
    "le": lambda x, a: torch.le(*x), "gt": lambda x, a: torch.gt(*x), "ge": lambda x, a: torch.ge(*x),
    "where": lambda x, a: torch.where(*x),
    "threshold_backward": lambda x, a: torch.ops.aten.threshold_backward(x[0], x[1], dec(a["threshold"])),
    "log_softmax_last": lambda x, a: torch.log_softmax(x[0], -1),
    "log_softmax_backward_last": lambda x, a: torch.ops.aten._log_softmax_backward_data(x[0], x[1], -1, x[1].dtype),
    "clamp": lambda x, a: torch.clamp(x[0], a.get("min"), a.get("max")),
    "add_": lambda x, a: x[0].clone().add_(x[1]),
    "select_copy_": lambda x, a: select_copy(x, a),
    "slice_add_": lambda x, a: slice_add(x, a),
    "sub_": lambda x, a: x[0].clone().sub_(x[1]), "mul_": lambda x, a: x[0].clone().mul_(x[1]),
    "div_": lambda x, a: x[0].clone().div_(x[1]),
    "copy_": lambda x, a: x[0].clone().copy_(x[1]),
    "add_self": lambda x, a: add_self(x[0].clone(), False),
    "add_self_T": lambda x, a: add_self(x[0].clone(), True),
    "copy_shift": lambda x, a: copy_shift(x[0].clone(), 1),
    "copy_shift2": lambda x, a: copy_shift(x[0].clone(), 2),
    "add_shift2": lambda x, a: add_shift2(x[0].clone()),
    "sum": lambda x, a: x[0].sum() if "dims" not in a else x[0].sum(a["dims"], keepdim=a.get("keepdim", False)),
    "mean": lambda x, a: x[0].mean() if "dims" not in a else x[0].mean(a["dims"], keepdim=a.get("keepdim", False)),
    "prod": lambda x, a: x[0].prod() if "dim" not in a else x[0].prod(a["dim"], keepdim=a.get("keepdim", False)),
    "max": lambda x, a: x[0].max(), "min": lambda x, a: x[0].min(),
    "maxdim": lambda x, a: tuple(x[0].max(a["dim"], keepdim=a.get("keepdim", False))),
    "mindim": lambda x, a: tuple(x[0].min(a["dim"], keepdim=a.get("keepdim", False))),
    "argmax": lambda x, a: x[0].argmax() if "dim" not in a else x[0].argmax(a["dim"], keepdim=a.get("keepdim", False)),
    "argmin": lambda x, a: x[0].argmin() if "dim" not in a else x[0].argmin(a["dim"], keepdim=a.get("keepdim", False)),
    "norm": lambda x, a: x[0].norm() if "p" not in a else x[0].norm(p=dec(a["p"]), dim=a.get("dims"), keepdim=a.get("keepdim", False)),
    "dot": lambda x, a: torch.dot(*x), "mv": lambda x, a: torch.mv(*x), "mm": lambda x, a: torch.mm(*x),
    "matmul": lambda x, a: torch.matmul(*x), "outer": lambda x, a: torch.outer(*x),
    "stack": lambda x, a: torch.stack(x, a["dim"]), "cat": lambda x, a: torch.cat(x, a["dim"]),
    "equal": lambda x, a: torch.equal(*x), "allclose": lambda x, a: torch.allclose(*x, **a),
    "reshape": lambda x, a: x[0].reshape(a["shape"]), "view": lambda x, a: x[0].view(a["shape"]),
    "transpose": lambda x, a: x[0].transpose(a["d0"], a["d1"]), "permute": lambda x, a: x[0].permute(a["dims"]),
    "T": lambda x, a: x[0].permute(*reversed(range(x[0].dim()))),
    "unsqueeze": lambda x, a: x[0].unsqueeze(a["dim"]),
    "squeeze": lambda x, a: x[0].squeeze() if "dim" not in a else x[0].squeeze(a["dim"]),
    "select": lambda x, a: x[0].select(a["dim"], a["index"]),
    "slice": lambda x, a: x[0][(slice(None),) * a["dim"] + (slice(a["start"], a["stop"], a["step"]),)],
    "diagonal": lambda x, a: x[0].diagonal(a["offset"], a["dim1"], a["dim2"]),
    "expand": lambda x, a: x[0].expand(a["shape"]),
    "contiguous": lambda x, a: x[0].contiguous(),
    "to": lambda x, a: x[0].to(DT[a["dtype"]]),
    "item": lambda x, a: x[0].item(),
    "broadcast_shapes": lambda x, a: list(torch.broadcast_shapes(a["a"], a["b"])),
    "arange": lambda x, a: torch.arange(*[dec(v) for v in a["args"]]),
    "linspace": lambda x, a: torch.linspace(a["start"], a["end"], a["steps"]),
    "eye": lambda x, a: torch.eye(a["n"]),
    "full": lambda x, a: torch.full(a["shape"], a["value"]),
    "new": lambda x, a: torch.tensor(a["data"]),
}


def run(case):
    inputs = [build(s) for s in case.get("inputs", [])]
    torch.set_num_threads(case.get("threads", 1))
    try:
        r = OPS[case["op"]](inputs, case.get("args", {}))
    except Exception as e:  # noqa: BLE001 - the error is the expected result
        case["error"] = {"kind": type(e).__name__, "msg": str(e)}
        return case
    finally:
        torch.set_num_threads(1)
    if isinstance(r, tuple):
        case["expect"] = [enc_arr(t) for t in r]
    elif isinstance(r, torch.Tensor):
        case["expect"] = enc_arr(r)
        if any("views" in i for i in case["inputs"]) or case["op"] in ("reshape", "view", "T", "transpose", "select", "slice", "diagonal", "expand", "permute", "squeeze", "unsqueeze"):
            case["contiguous"] = r.is_contiguous()
    else:
        case["value"] = enc(r)
    return case


F = "float32"
m23 = arr([[1.5, -2.0, 3.25], [0.0, -0.5, 7.0]])
m34 = arr([[1., 2., 3., 4.], [5., 6., 7., 8.], [9., 10., 11., 12.]])
v3 = arr([1.0, -2.5, 4.0])
specials = arr([0.0, -0.0, 1.0, -1.5, 2.5, 100.0, -100.0, float("nan"), float("inf"), float("-inf"), 1e-8, 0.5])
ints = arr([-3, -1, 0, 2, 5], "int64")
bools = arr([True, False, True], "bool")
empty = arr([], F, [0, 3])
zero_d = arr(2.5, F, [])
noncontig = dict(m34, views=[["T"]])
strided = dict(m34, views=[["slice", 1, 0, 4, 2]])
expanded = arr([1., 2., 3.], F, [3], [["expand", 2, 3]])

cases = []


def add(name, op, inputs=(), **args):
    c = {"name": name, "op": op, "inputs": list(inputs)}
    if args:
        c["args"] = args
    cases.append(c)


for op in ["neg", "abs", "sign", "sin", "cos", "tan", "exp", "log", "sqrt", "sigmoid", "tanh", "relu"]:
    add(op + "/specials", op, [specials])
    add(op + "/float64", op, [dict(specials, dtype="float64")])
    add(op + "/int", op, [ints])
    add(op + "/bool", op, [bools])
    add(op + "/empty", op, [empty])
    add(op + "/0d", op, [zero_d])
    add(op + "/transposed", op, [noncontig])
    add(op + "/strided", op, [strided])
    add(op + "/expanded", op, [expanded])

for n in [5, 16, 1007]:
    for op in ["exp", "sigmoid"]:
        add("%s/hash%d" % (op, n), op, [{"gen": "hash", "n": n, "seed": 41, "dtype": F, "affine": [40.0, -20.0]}])
for n in [5, 16, 1007]:
    add("log/hash%d" % n, "log", [{"gen": "hash", "n": n, "seed": 43, "dtype": F, "affine": [100.0, 0.001]}])
add("log/extremes", "log", [arr([1e-45, 1e-40, 1.1754944e-38, 1e-30, 0.5, 0.75, 0.7499999, 1.0, 1.0000001, 1.5, 1.4999999, 2.0, 3e38, 3.4028235e38, float("inf"), -1.0, -0.0, float("nan")])])
add("exp/extremes", "exp", [arr([-104.5, -104.0, -103.9, -87.5, 88.7, 88.8, 100.0, 100.5, float("nan"), float("inf"), float("-inf"), 0.0])])

for op in ["add", "sub", "mul", "div", "pow", "maximum", "minimum", "eq", "ne", "lt", "le", "gt", "ge"]:
    add(op + "/same", op, [m23, arr([[2.0, 0.5, -1.0], [3.0, 0.0, 2.0]])])
    add(op + "/row", op, [m23, v3])
    add(op + "/col", op, [m23, arr([[2.0], [-1.0]])])
    add(op + "/outer", op, [arr([[1.0], [2.0], [3.0]]), arr([[0.5, -1.0]])])
    if op not in ("maximum", "minimum"):  # torch takes tensors only there
        add(op + "/scalar_int", op, [m23, sc(2)])
        add(op + "/scalar_float", op, [m23, sc(0.5)])
        add(op + "/scalar_3", op, [m23, sc(3)])
        add(op + "/int_float_scalar", op, [ints, sc(2.5)])
        add(op + "/int_int_scalar", op, [ints, sc(2)])
        add(op + "/bool_int_scalar", op, [bools, sc(2)])
    add(op + "/int_int", op, [ints, arr([2, 3, 1, 2, 2], "int64")])
    add(op + "/float64_float32", op, [dict(v3, dtype="float64"), v3])
    add(op + "/0d64_float32", op, [arr(2.0, "float64", []), v3])
    add(op + "/0dfloat_int", op, [arr(2.0, F, []), ints])
    add(op + "/bool_bool", op, [bools, arr([True, True, False], "bool")])
    add(op + "/int_bool", op, [arr([1, 2, 3], "int64"), bools])
    add(op + "/empty_row", op, [empty, v3])
    add(op + "/transposed", op, [noncontig, arr([1.0, 2.0, 3.0])])
    add(op + "/strided", op, [strided, m23])
    add(op + "/0d_0d", op, [zero_d, arr(-1.0, F, [])])
    add(op + "/mismatch", op, [m23, arr([1.0, 2.0])])
    add(op + "/mismatch_dim1", op, [arr([[1.0, 2.0, 3.0]] * 4), arr([[1.0]] * 3)])
    add(op + "/specials", op, [specials, arr([1.0, 0.0, float("nan"), -1.0, 2.0, 0.5, 3.0, 1.0, -1.0, 2.0, 0.0, float("inf")])])
for e in [2, 3, 0.5, -0.5, -1, -2, 1.7, 0]:
    add("pow/exp_%s" % e, "pow", [arr([0.3, 1.1, 2.7, 7.9, 0.01, 123.456, 1e-3]), sc(e)])
add("pow/int_neg", "pow", [ints, sc(-1)])
add("pow/int_tensor_neg", "pow", [arr([2, 3], "int64"), arr([1, -2], "int64")])
add("div/by_zero", "div", [arr([1.0, -1.0, 0.0]), sc(0)])
add("div/int_by_zero", "div", [arr([1, -1, 0], "int64"), sc(0)])
hash_spec = {"gen": "hash", "n": 1000, "seed": 3, "dtype": F}
add("mul/third", "mul", [hash_spec, sc(1.0 / 3)])
add("div/by3", "div", [hash_spec, sc(3)])
add("div/by3_tensor", "div", [hash_spec, arr(3.0, F, [])])
add("where/basic", "where", [arr([[True, False, True], [False, True, False]], "bool"), m23, sc(0.0)])
add("where/broadcast", "where", [arr([True, False], "bool", [2, 1]), v3, arr([10, 20, 30], "int64")])
add("where/float_cond", "where", [m23, m23, m23])
add("where/scalars", "where", [bools, sc(1), sc(2.5)])
# threshold_backward(grad, self, threshold): 0 where self <= threshold, else grad (relu's
# backward). NaN in self passes grad (nan <= t is false), -0.0 in grad is kept, and the
# threshold is converted to the compute dtype (float32: 0.3 compares as 0.3f).
tb_self = arr([0.0, -0.0, 1.0, -1.5, 2.5, 100.0, -100.0, float("nan"), float("inf"), float("-inf"), 1e-8, 0.3])
tb_grad = arr([1.0, 2.0, -0.0, 4.0, -0.0, float("nan"), float("nan"), 3.0, float("inf"), 5.0, -0.0, 7.0])
for t in [0.0, -0.0, 0.3, 1e-8, -1.5, float("inf"), float("-inf"), float("nan")]:
    add("threshold_backward/specials_%s" % t, "threshold_backward", [tb_grad, tb_self], threshold=enc(t))
    add("threshold_backward/float64_%s" % t, "threshold_backward", [dict(tb_grad, dtype="float64"), dict(tb_self, dtype="float64")], threshold=enc(t))
add("threshold_backward/one", "threshold_backward", [arr([3.0], F, [1]), arr([7.0], F, [1])], threshold=0.0)
add("threshold_backward/one_neg", "threshold_backward", [arr([3.0], F, [1]), arr([-7.0], F, [1])], threshold=0.0)
add("threshold_backward/0d", "threshold_backward", [zero_d, arr(-1.0, F, [])], threshold=0.0)
add("threshold_backward/empty", "threshold_backward", [empty, empty], threshold=0.0)
add("threshold_backward/transposed", "threshold_backward", [noncontig, arr(list(range(-6, 6)), F, [4, 3])], threshold=0.0)
add("threshold_backward/strided_self", "threshold_backward", [m23, dict(m34, views=[["slice", 0, 0, 3, 2], ["slice", 1, 0, 3, 1]])], threshold=4.0)
add("threshold_backward/expanded_grad", "threshold_backward", [dict(expanded), arr([[1.0, -2.0, 0.0], [-1.0, 5.0, float("nan")]])], threshold=0.0)
add("threshold_backward/bcast_self_col", "threshold_backward", [m23, arr([[1.0], [-1.0]])], threshold=0.0)
add("threshold_backward/bcast_grad_up", "threshold_backward", [arr([2.0], F, [1]), m23], threshold=0.0)
add("threshold_backward/bcast_outer", "threshold_backward", [arr([[1.0], [2.0], [3.0]]), arr([[0.5, -1.0]])], threshold=0.0)
add("threshold_backward/0d_self", "threshold_backward", [m23, arr(1.0, F, [])], threshold=0.5)
add("threshold_backward/0d_grad", "threshold_backward", [arr(2.0, F, []), m23], threshold=0.5)
add("threshold_backward/f32_grad_f64_self", "threshold_backward", [v3, dict(v3, dtype="float64")], threshold=-2.5)
add("threshold_backward/f64_grad_f32_self", "threshold_backward", [dict(v3, dtype="float64"), v3], threshold=-2.5)
add("threshold_backward/f32_grad_0d64_self", "threshold_backward", [m23, arr(1.0, "float64", [])], threshold=0.5)
add("threshold_backward/int_grad_float_self", "threshold_backward", [ints, arr([1.0, -1.0, 0.5, 2.0, 0.0])], threshold=0.0)
add("threshold_backward/int_int", "threshold_backward", [ints, arr([0, 1, 2, -1, 5], "int64")], threshold=1.5)
add("threshold_backward/int_int_neg", "threshold_backward", [ints, arr([0, -1, -2, -3, 5], "int64")], threshold=-1.5)
add("threshold_backward/bool_grad", "threshold_backward", [bools, v3], threshold=0.0)
add("threshold_backward/bool_bool", "threshold_backward", [bools, bools], threshold=0.0)
add("threshold_backward/mismatch", "threshold_backward", [v3, arr([1.0, 2.0])], threshold=0.0)
add("threshold_backward/f32_overflow", "threshold_backward", [v3, v3], threshold=1e300)
add("threshold_backward/f64_big", "threshold_backward", [dict(v3, dtype="float64"), dict(v3, dtype="float64")], threshold=1e300)
add("threshold_backward/int_nan", "threshold_backward", [ints, ints], threshold="nan")
add("threshold_backward/int_inf", "threshold_backward", [ints, ints], threshold="inf")
add("threshold_backward/int_big", "threshold_backward", [ints, ints], threshold=1e30)
for n in [5, 1007, 40000]:
    add("threshold_backward/hash%d" % n, "threshold_backward",
        [{"gen": "hash", "n": n, "seed": 7, "dtype": F, "affine": [2.0, -1.0]},
         {"gen": "hash", "n": n, "seed": 8, "dtype": F, "affine": [2.0, -1.0]}], threshold=0.0)
add("threshold_backward/hash40000_f64", "threshold_backward",
    [{"gen": "hash", "n": 40000, "seed": 7, "dtype": "float64", "affine": [2.0, -1.0], "reshape": [200, 200], "views": [["T"]]},
     {"gen": "hash", "n": 40000, "seed": 8, "dtype": "float64", "affine": [2.0, -1.0], "reshape": [200, 200]}], threshold=0.25)
# log_softmax over the last dim, float32: torch's lastdim kernel (SIMD exp, eight-lane
# row sums) bit for bit; rows long and short, a batch of 64 rows of 1000 classes (a
# cross_entropy's), and specials
for shape in ([64, 1000], [7, 37], [3, 1029], [2, 5]):
    add("log_softmax_last/hash%dx%d" % tuple(shape), "log_softmax_last",
        [{"gen": "hash", "n": shape[0] * shape[1], "seed": 11, "dtype": F, "affine": [16.0, -8.0], "reshape": shape}])
add("log_softmax_last/specials", "log_softmax_last", [arr([0.0, -0.0, 1.0, -1.5, 2.5, 100.0, -100.0, float("nan"), float("inf"), float("-inf"), 1e-8, 0.5], F, [3, 4])])
add("log_softmax_last/transposed", "log_softmax_last", [noncontig])
# its backward, given the output: g - exp(y)·Σg per row (Σg in eight lanes, the
# difference fused); float32 only (torch's float64 kernel takes SLEEF's double exp)
for shape in ([64, 1000], [7, 37], [2, 5]):
    k = shape[0] * shape[1]
    g = {"gen": "hash", "n": k, "seed": 12, "dtype": F, "affine": [2.0, -1.0], "reshape": shape}
    y = {"gen": "hash", "n": k, "seed": 13, "dtype": F, "affine": [-9.0, 0.0], "reshape": shape}
    add("log_softmax_backward_last/hash%dx%d" % tuple(shape), "log_softmax_backward_last", [g, y])
add("clamp/both", "clamp", [specials], min=-1.0, max=2.0)
add("clamp/min", "clamp", [specials], min=0.0)
add("clamp/max", "clamp", [noncontig], max=5.0)
add("clamp/int", "clamp", [ints], min=-2, max=3)
add("clamp/int_float", "clamp", [ints], min=-2.5)
add("clamp/none", "clamp", [ints])
add("clamp/inverted", "clamp", [v3], min=2.0, max=1.0)
for op in ["add_", "sub_", "mul_", "div_"]:
    add(op + "/row", op, [m23, v3])
    add(op + "/scalar", op, [m23, sc(2)])
    add(op + "/int_float", op, [ints, sc(1.5)])
    add(op + "/int_int", op, [ints, sc(2)])
    add(op + "/grow", op, [v3, m23])
    add(op + "/float_float64", op, [v3, arr([1.0, 2.0, 3.0], "float64")])
add("select_copy_/row", "select_copy_", [m34, arr([-1.0, -2.0, -3.0, -4.0])], dim=0, index=1)
add("select_copy_/col_scalar", "select_copy_", [m34, sc(0)], dim=1, index=-1)
add("select_copy_/T", "select_copy_", [noncontig, v3], dim=0, index=2)
add("slice_add_/step", "slice_add_", [m34, arr([[10.0], [20.0], [30.0]])], dim=1, start=0, stop=4, step=2)
add("add_/self", "add_self", [m34])
add("add_/self_T", "add_self_T", [arr([[1.0, 2.0], [3.0, 4.0]])])
add("copy_/shifted", "copy_shift", [arr([0.0, 1.0, 2.0, 3.0, 4.0])])
add("copy_/shifted_strided", "copy_shift2", [arr([0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0])])
add("add_/shifted_strided", "add_shift2", [arr([0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0])])
add("copy_/broadcast", "copy_", [m23, v3])
add("copy_/cast", "copy_", [ints, arr([1.7, -2.7, 3.2, 0.0, 9.9])])
add("copy_/bad", "copy_", [v3, m23])
add("copy_/mismatch", "copy_", [v3, arr([1.0, 2.0])])

big = {"gen": "hash", "n": 1000000, "seed": 1, "dtype": F}
for n in [1, 5, 7, 8, 9, 31, 32, 33, 100, 127, 128, 129, 255, 256, 1000, 4097, 10000, 32767, 32768, 65537, 100000, 1000000]:
    add("sum/hash_%d" % n, "sum", [{"gen": "hash", "n": n, "seed": 1, "dtype": F}])
for n in [10, 100, 1000, 4097, 100000, 1000000]:
    add("sum/arange_%d" % n, "sum", [{"gen": "arange", "n": n, "dtype": F}])
    add("sum/arange64_%d" % n, "sum", [{"gen": "arange", "n": n, "dtype": "float64"}])
    add("mean/hash_%d" % n, "mean", [{"gen": "hash", "n": n, "seed": 7, "dtype": F}])
lin2 = enc_arr(torch.linspace(0, 1, 1000) ** 2)
add("mean/linspace_sq", "mean", [lin2])
add("sum/linspace_sq", "sum", [lin2])
mat = {"gen": "hash", "n": 3000, "seed": 2, "dtype": F}
for shp in [[3, 1000], [1000, 3], [30, 100], [100, 30], [2, 3, 500], [10, 10, 30], [6, 500]]:
    for dims in [[0], [1], [-1], [0, 1], []]:
        for keep in [False, True]:
            if len(shp) == 2 and dims == [0, 1] and keep:
                continue
            add("sum/%s_dims%s_keep%d" % (shp, dims, keep), "sum", [dict(mat, views=[])], dims=dims, keepdim=keep)
            cases[-1]["inputs"][0]["reshape"] = shp
    add("sum/%s_T" % shp, "sum", [dict(mat, reshape=shp, views=[["T"]])], dims=[0], keepdim=False)
    add("mean/%s_dim1" % shp, "mean", [dict(mat, reshape=shp)], dims=[1], keepdim=False)
for n in [32768, 65537, 100000, 1000000]:
    add("sum/hash_%d_2threads" % n, "sum", [{"gen": "hash", "n": n, "seed": 1, "dtype": F}])
    cases[-1]["threads"] = 2
    add("mean/hash_%d_2threads" % n, "mean", [{"gen": "hash", "n": n, "seed": 5, "dtype": F}])
    cases[-1]["threads"] = 2
for n in [3, 4, 5, 17, 100, 1001, 40000]:
    # float64 sums of values with 53 significant bits (hash * (1 + 1/3)) so order shows
    add("sum/hash64_%d" % n, "sum", [{"gen": "hash", "n": n, "seed": 11, "dtype": "float64", "scale3": True}])
for shp, dims in [([30, 100], [0]), ([30, 100], [1]), ([100, 30], [0]), ([5, 7, 11], [0, 2])]:
    add("sum/hash64_%s_%s" % (shp, dims), "sum", [{"gen": "hash", "n": numel(shp), "seed": 12, "dtype": "float64",
                                                    "scale3": True, "reshape": shp}], dims=dims)
# float32 dot follows OpenBLAS's sdot, not the reference BLAS: its goldens are gen_dot.py's
add("dot/hash1000_64", "dot", [{"gen": "hash", "n": 1000, "seed": 1, "dtype": "float64", "scale3": True},
                               {"gen": "hash", "n": 1000, "seed": 2, "dtype": "float64", "scale3": True}])
add("mv/hash", "mv", [dict(mat, reshape=[3, 1000]), {"gen": "hash", "n": 1000, "seed": 5, "dtype": F}])
add("mv/hash_T", "mv", [dict(mat, reshape=[1000, 3], views=[["T"]]), {"gen": "hash", "n": 1000, "seed": 5, "dtype": F}])
add("mm/hash_TT", "mm", [dict(mat, reshape=[100, 30], views=[["T"]]), dict(mat, reshape=[30, 100], views=[["T"]])])
add("mm/hash64", "mm", [dict(mat, dtype="float64", scale3=True, reshape=[30, 100]), dict(mat, dtype="float64", scale3=True, reshape=[100, 30])])
add("matmul/hash_batched", "matmul", [dict(mat, reshape=[3, 10, 100]), dict(mat, reshape=[3, 100, 10])])
hv = {"gen": "hash", "n": 300, "seed": 21, "dtype": F}
for views, nm in [([["unsqueeze", 0], ["expand", 1000, 300]], "expanded"), ([["unsqueeze", 1], ["expand", 300, 70]], "expanded_inner")]:
    add("sum/%s" % nm, "sum", [dict(hv, views=views)])
    for dims in [[0], [1]]:
        add("sum/%s_%s" % (nm, dims), "sum", [dict(hv, views=views)], dims=dims)
big2 = dict(big, reshape=[1000, 1000])
for views, nm in [([["slice", 1, 0, 1000, 2]], "cols2"), ([["slice", 0, 1, 1000, 3]], "rows3"), ([["T"]], "T"),
                  ([["slice", 1, 0, 37, 1]], "narrow"), ([["transpose", 0, 1], ["slice", 0, 0, 1000, 5]], "T_rows5")]:
    add("sum/big2_%s" % nm, "sum", [dict(big2, views=views)])
    for dims in [[0], [1]]:
        add("sum/big2_%s_%s" % (nm, dims), "sum", [dict(big2, views=views)], dims=dims)
        add("mean/big2_%s_%s" % (nm, dims), "mean", [dict(big2, views=views)], dims=dims, keepdim=True)
# big enough for gonum's blocked, parallel gemm (blocks of 64 in every dim)
add("mm/big_blocked", "mm", [dict(big2, views=[["slice", 0, 0, 66, 1], ["slice", 1, 0, 300, 1]]),
                             dict(big2, views=[["slice", 0, 300, 600, 1], ["slice", 1, 0, 65, 1]])])
add("matmul/big_T", "matmul", [dict(big2, views=[["slice", 0, 0, 200, 1], ["slice", 1, 0, 70, 1], ["T"]]),
                               dict(big2, views=[["slice", 0, 0, 200, 1], ["slice", 1, 0, 66, 1]])])
add("sum/strided", "sum", [dict(big, views=[["slice", 0, 0, 1000000, 3]])])
add("sum/int", "sum", [ints])
add("sum/bool", "sum", [bools])
add("sum/empty", "sum", [empty])
add("sum/empty_dim0", "sum", [empty], dims=[0])
add("sum/0d", "sum", [zero_d])
add("sum/0d_dim0", "sum", [zero_d], dims=[0], keepdim=True)
add("sum/dup_dims", "sum", [m23], dims=[0, -2])
add("sum/bad_dim", "sum", [m23], dims=[2])
add("sum/int_dim", "sum", [arr([[1, 2], [3, 4]], "int64")], dims=[1], keepdim=True)
add("sum/float64_dims", "sum", [dict(m34, dtype="float64")], dims=[0])
add("mean/int", "mean", [ints])
add("mean/empty", "mean", [empty])
add("mean/specials", "mean", [specials])
add("mean/dims_keep", "mean", [noncontig], dims=[0], keepdim=True)
for src, nm in [(m23, "m23"), (noncontig, "T"), (ints, "int"), (bools, "bool"), (specials, "specials"), (empty, "empty"), (zero_d, "0d")]:
    for op in ["prod", "max", "min", "argmax", "argmin", "norm"]:
        add("%s/%s" % (op, nm), op, [src])
    for op in ["prod", "maxdim", "mindim", "argmax", "argmin"]:
        add("%s/%s_dim0" % (op, nm), op, [src], dim=0)
        add("%s/%s_dim-1_keep" % (op, nm), op, [src], dim=-1, keepdim=True)
add("max/ties", "maxdim", [arr([[1.0, 3.0, 3.0], [2.0, 2.0, 1.0]])], dim=1)
add("max/nan", "maxdim", [arr([[1.0, float("nan"), 3.0], [2.0, 2.0, float("nan")]])], dim=1)
add("argmax/ties", "argmax", [arr([1.0, 3.0, 3.0, 0.0])])
add("prod/hash100", "prod", [{"gen": "hash", "n": 100, "seed": 9, "dtype": F}])
for p in [1, 2, 3, "inf", 0, 0.5]:
    add("norm/p%s" % p, "norm", [m34], p=p, dims=[1], keepdim=False)
    add("norm/p%s_all" % p, "norm", [noncontig], p=p, dims=[0, 1], keepdim=True)
add("norm/hash1000", "norm", [{"gen": "hash", "n": 1000, "seed": 4, "dtype": F}])
for n in [7, 8, 9, 1003]:
    add("norm/hash%d" % n, "norm", [{"gen": "hash", "n": n, "seed": 31, "dtype": F}])
add("norm/big2_dim0", "norm", [dict(mat, reshape=[30, 100])], p=2, dims=[0], keepdim=False)
add("norm/big2_dim1", "norm", [dict(mat, reshape=[30, 100])], p=2, dims=[1], keepdim=False)
add("norm/big2_T", "norm", [dict(mat, reshape=[30, 100], views=[["T"]])])
add("norm/big2_T_dim1", "norm", [dict(mat, reshape=[30, 100], views=[["T"]])], p=2, dims=[1], keepdim=True)
add("norm/strided", "norm", [dict(mat, views=[["slice", 0, 0, 3000, 7]])])
for n in [31, 33, 1000]:
    add("prod/near1_%d" % n, "prod", [{"gen": "hash", "n": n, "seed": 32, "dtype": F, "near1": True}])
add("prod/near1_dim", "prod", [{"gen": "hash", "n": 600, "seed": 33, "dtype": F, "near1": True, "reshape": [20, 30]}], dim=1)
add("prod/near1_dim0", "prod", [{"gen": "hash", "n": 600, "seed": 33, "dtype": F, "near1": True, "reshape": [20, 30]}], dim=0)
add("norm/hash1000_64", "norm", [{"gen": "hash", "n": 1000, "seed": 4, "dtype": "float64"}])

add("dot/basic", "dot", [v3, arr([2.0, 1.0, -1.0])])
add("dot/int", "dot", [arr([1, 2, 3], "int64"), arr([4, 5, 6], "int64")])
add("dot/mismatch", "dot", [v3, arr([1.0, 2.0])])
add("dot/2d", "dot", [m23, m23])
add("dot/dtype", "dot", [v3, dict(v3, dtype="float64")])
add("dot/empty", "dot", [arr([], F, [0]), arr([], F, [0])])
add("mv/basic", "mv", [m23, v3])
add("mv/transposed", "mv", [noncontig, v3])
add("mv/mismatch", "mv", [m23, arr([1.0, 2.0])])
add("mm/basic", "mm", [m23, arr([[1., 2.], [3., 4.], [5., 6.]])])
add("mm/mismatch", "mm", [m23, m23])
add("mm/transposed", "mm", [noncontig, m34])
add("mm/strided", "mm", [strided, arr([[1.0, 0.5, 2.0], [-1.0, 3.0, 0.25]])])
add("mm/int", "mm", [arr([[1, 2], [3, 4]], "int64"), arr([[5, 6], [7, 8]], "int64")])
add("mm/empty_k", "mm", [arr([], F, [2, 0]), arr([], F, [0, 3])])
add("mm/dtype", "mm", [m23, dict(m34, dtype="float64")])
add("mm/1d", "mm", [v3, m23])
add("mm/hash", "mm", [dict(mat, reshape=[30, 100]), dict(mat, reshape=[100, 30])])
add("matmul/1d1d", "matmul", [v3, v3])
add("matmul/2d1d", "matmul", [m23, v3])
add("matmul/1d2d", "matmul", [arr([1.0, 2.0]), m23])
add("matmul/1d2d_bad", "matmul", [v3, m23])
add("matmul/batched", "matmul", [dict(mat, reshape=[2, 3, 500], views=[["slice", 2, 0, 4, 1]]), m34])
add("matmul/batched_ok", "matmul", [dict(mat, reshape=[2, 3, 500], views=[["slice", 2, 0, 4, 1]]), dict(m34, views=[["T"]])])
add("matmul/batched_bad", "matmul", [arr(list(range(12)), F, [2, 2, 3]), arr(list(range(12)), F, [2, 2, 3])])
add("matmul/batch_bcast", "matmul", [arr(list(range(12)), F, [2, 1, 2, 3]), arr(list(range(18)), F, [3, 3, 2])])
add("matmul/batch_1d", "matmul", [arr(list(range(12)), F, [2, 2, 3]), v3])
add("matmul/1d_batch", "matmul", [arr([1.0, -1.0]), arr(list(range(12)), F, [2, 2, 3])])
add("matmul/0d", "matmul", [zero_d, v3])
add("outer/basic", "outer", [v3, arr([1.0, 2.0])])
add("outer/int_float", "outer", [arr([1, 2], "int64"), v3])
add("stack/0", "stack", [m23, m23], dim=0)
add("stack/-1", "stack", [m23, noncontig], dim=-1)
add("stack/mismatch", "stack", [m23, v3], dim=0)
add("stack/1", "stack", [v3, v3, v3], dim=1)
add("cat/0", "cat", [m23, m34], dim=0)
add("cat/1", "cat", [m23, arr([[1.0], [2.0]])], dim=1)
add("cat/mismatch", "cat", [m23, m34], dim=1)
add("cat/promote", "cat", [v3, arr([1, 2], "int64")], dim=0)
add("cat/skip_empty", "cat", [m23, arr([], F, [0])], dim=0)
add("cat/0d", "cat", [zero_d, zero_d], dim=0)
add("equal/same", "equal", [m23, dict(m23)])
add("equal/shape", "equal", [v3, m23])
add("equal/nan", "equal", [specials, specials])
add("allclose/close", "allclose", [v3, arr([1.000001, -2.5, 4.00001])])
add("allclose/far", "allclose", [v3, arr([1.001, -2.5, 4.0])])
add("allclose/tol", "allclose", [v3, arr([1.001, -2.5, 4.0])], rtol=1e-2, atol=0.0)
add("allclose/inf", "allclose", [arr([float("inf"), 1.0]), arr([float("inf"), 1.0])])
add("allclose/dtype", "allclose", [v3, dict(v3, dtype="float64")])

add("reshape/infer", "reshape", [m34], shape=[2, -1])
add("reshape/T", "reshape", [noncontig], shape=[-1])
add("reshape/bad", "reshape", [m34], shape=[5, -1])
add("reshape/two", "reshape", [m34], shape=[-1, -1])
add("reshape/size", "reshape", [m34], shape=[5, 2])
add("view/T", "view", [noncontig], shape=[12])
add("view/ok", "view", [m34], shape=[4, 3])
add("view/strided_ok", "view", [dict(arr(list(range(24)), F, [2, 3, 4]), views=[["slice", 0, 0, 2, 1]])], shape=[6, 4])
add("view/sliced", "view", [strided], shape=[6])
add("transpose/neg", "transpose", [m23], d0=-1, d1=0)
add("transpose/bad", "transpose", [m23], d0=2, d1=0)
add("permute/basic", "permute", [arr(list(range(24)), F, [2, 3, 4])], dims=[2, 0, 1])
add("permute/bad", "permute", [m23], dims=[0])
add("permute/dup", "permute", [m23], dims=[0, 0])
add("T/3d", "T", [arr(list(range(24)), F, [2, 3, 4])])
add("unsqueeze/-1", "unsqueeze", [m23], dim=-1)
add("unsqueeze/bad", "unsqueeze", [m23], dim=3)
add("squeeze/all", "squeeze", [arr([1.0, 2.0], F, [1, 2, 1])])
add("squeeze/dim", "squeeze", [arr([1.0, 2.0], F, [1, 2, 1])], dim=-1)
add("squeeze/nonone", "squeeze", [arr([1.0, 2.0], F, [1, 2, 1])], dim=1)
add("select/neg", "select", [m34], dim=1, index=-1)
add("select/bad", "select", [m34], dim=0, index=3)
add("select/0d", "select", [zero_d], dim=0, index=0)
add("slice/step", "slice", [m34], dim=1, start=1, stop=100, step=2)
add("slice/neg", "slice", [m34], dim=0, start=-2, stop=-1, step=1)
add("slice/empty", "slice", [m34], dim=0, start=2, stop=1, step=1)
add("diagonal/0", "diagonal", [m34], offset=0, dim1=0, dim2=1)
add("diagonal/1", "diagonal", [m34], offset=1, dim1=0, dim2=1)
add("diagonal/-2", "diagonal", [m34], offset=-2, dim1=1, dim2=0)
add("diagonal/same", "diagonal", [m34], offset=0, dim1=1, dim2=1)
add("expand/basic", "expand", [arr([[1.0], [2.0]])], shape=[2, 3])
add("expand/lead", "expand", [v3], shape=[2, -1])
add("expand/bad", "expand", [v3], shape=[2, 4])
add("expand/fewer", "expand", [m23], shape=[3])
add("contiguous/T", "contiguous", [noncontig])
add("to/float_int", "to", [arr([1.7, -2.7, 0.5, -0.5, 3.0])], dtype="int64")
add("to/float_bool", "to", [arr([1.7, 0.0, -0.0, float("nan")])], dtype="bool")
add("to/int_float", "to", [ints], dtype="float32")
add("to/bool_float64", "to", [bools], dtype="float64")
add("item/ok", "item", [arr([3.5], F, [1, 1])])
add("item/many", "item", [v3])
add("broadcast_shapes/ok", "broadcast_shapes", a=[3, 1], b=[2, 1, 4])
add("broadcast_shapes/zero", "broadcast_shapes", a=[1, 0], b=[3, 1])
add("broadcast_shapes/bad", "broadcast_shapes", a=[3], b=[2])
add("broadcast_shapes/bad2", "broadcast_shapes", a=[2, 3], b=[4, 1, 1])
for args in [[5], [2, 7], [0, 10, 3], [10, 0, -3], [0.0, 1.0, 0.1], [1, 2.5, 0.5], [-1.5, 1.5], [0, 1, 1.0 / 3], [0, 2, 0.2]]:
    add("arange/%s" % args, "arange", args=args)
add("arange/zero_step", "arange", args=[0, 5, 0])
add("arange/bad_sign", "arange", args=[5, 0, 1])
for s, e, n in [(0, 1, 5), (0, 1, 1000), (-3, 7, 13), (0, 2 * math.pi, 100), (1, 1, 4), (5, 2, 7), (0, 1, 1), (0, 1, 0), (-1, 1, 33)]:
    add("linspace/%s_%s_%d" % (s, e, n), "linspace", start=s, end=e, steps=n)
add("eye/3", "eye", n=3)
add("full/basic", "full", shape=[2, 2], value=0.1)
add("new/ragged", "new", data=[[1, 2], [3]])

def is_product(case):
    """A float32 matrix product: OpenBLAS's sgemm (gograd's float64 products sum in order)."""
    return case["op"] in PRODUCT_OPS and all(i.get("dtype", "float32") == "float32" for i in case["inputs"])


if OPENBLAS_PRODUCTS:
    json.dump([run(c) for c in cases if is_product(c)], sys.stdout)
    sys.exit(0)
cases = [run(c) for c in cases]
env = {k: v for k, v in os.environ.items() if k not in ("GOGRAD_REF_BLAS", "LD_LIBRARY_PATH", "OPENBLAS_NUM_THREADS")}
env["GOGRAD_OPENBLAS_PRODUCTS"] = "1"
if ORIG_LD_PATH:
    env["LD_LIBRARY_PATH"] = ORIG_LD_PATH
products = {c["name"]: c for c in json.loads(subprocess.run([sys.executable] + sys.argv, env=env, check=True, stdout=subprocess.PIPE).stdout)}
cases = [products.get(c["name"], c) for c in cases]
json.dump({"torch": torch.__version__, "numpy": np.__version__, "cases": cases}, sys.stdout, indent=None, separators=(",", ":"))
sys.stdout.write("\n")
