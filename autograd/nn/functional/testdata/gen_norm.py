"""Writes norm_golden.json: batch_norm, layer_norm and embedding from PyTorch 1.13
(values, gradients for a fixed upstream gradient, saved attributes as torchviz lists them, running statistics after the call,
grad_fn names, error texts). Run with Debian's torch: /usr/bin/python3 gen_norm.py"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../internal/golden'))
from golden import saved_attrs  # noqa: E402

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(1)  # the CPU kernels' reduction order as one thread runs them
torch.manual_seed(0)


def spec(t, rg=False):
    return {"data": t.detach().double().flatten().tolist(), "shape": list(t.shape),
            "dtype": str(t.dtype).replace("torch.", ""), "requires_grad": rg}


cases = []


def case(fn, inputs, kwargs, grads_of):
    ts = {k: (None if v is None else v[0].clone().requires_grad_(v[1])) for k, v in inputs.items()}
    call = {k: v for k, v in ts.items()}
    if fn == "batch_norm":
        out = F.batch_norm(call["input"], call["running_mean"], call["running_var"], call["weight"], call["bias"], **kwargs)
    elif fn == "layer_norm":
        out = F.layer_norm(call["input"], kwargs["normalized_shape"], call["weight"], call["bias"], kwargs.get("eps", 1e-5))
    else:
        out = F.embedding(call["indices"], call["weight"], kwargs.get("padding_idx"))
    g = torch.randn(out.shape, dtype=torch.float64).to(out.dtype)
    attrs = saved_attrs(out.grad_fn)
    gs = torch.autograd.grad(out, [ts[k] for k in grads_of], g)
    c = {"fn": fn, "inputs": {k: (None if v is None else spec(v[0], v[1])) for k, v in inputs.items()},
         "kwargs": kwargs, "out": out.detach().double().flatten().tolist(), "out_shape": list(out.shape),
         "grad_out": g.double().flatten().tolist(), "grad_fn": type(out.grad_fn).__name__,
         "attrs": attrs,
         "grads": {k: v.double().flatten().tolist() for k, v in zip(grads_of, gs)}}
    for k in ("running_mean", "running_var"):
        if ts.get(k) is not None:
            c[k + "_after"] = ts[k].double().tolist()
    cases.append(c)


for dt in (torch.float32, torch.float64):
    for shape in ((5, 3), (4, 3, 2), (2, 3, 2, 2)):
        x = torch.randn(shape, dtype=dt) * 2 + 0.5
        w, b = torch.rand(3, dtype=dt) + 0.5, torch.randn(3, dtype=dt)
        rm, rv = torch.randn(3, dtype=dt) * 0.1, torch.rand(3, dtype=dt) + 0.5
        for training in (True, False):
            case("batch_norm", {"input": (x, True), "running_mean": (rm, False), "running_var": (rv, False),
                                "weight": (w, True), "bias": (b, True)},
                 {"training": training, "momentum": 0.1, "eps": 1e-5}, ["input", "weight", "bias"])
    x = torch.randn(4, 3, 5, dtype=dt)
    case("batch_norm", {"input": (x, True), "running_mean": None, "running_var": None, "weight": None, "bias": None},
         {"training": True, "momentum": 0.3, "eps": 1e-3}, ["input"])
    x = torch.randn(2, 3, 4, dtype=dt) * 3
    w, b = torch.rand(4, dtype=dt) + 0.5, torch.randn(4, dtype=dt)
    case("layer_norm", {"input": (x, True), "weight": (w, True), "bias": (b, True)},
         {"normalized_shape": [4]}, ["input", "weight", "bias"])
    w, b = torch.rand(3, 4, dtype=dt) + 0.5, torch.randn(3, 4, dtype=dt)
    case("layer_norm", {"input": (x, True), "weight": (w, True), "bias": (b, True)},
         {"normalized_shape": [3, 4], "eps": 1e-3}, ["input", "weight", "bias"])
    case("layer_norm", {"input": (x, True), "weight": None, "bias": None},
         {"normalized_shape": [2, 3, 4]}, ["input"])
    # rows of many vectors: torch's Welford chunks merge in a cascade
    for n in (300, 1100):
        x = torch.randn(2, n, dtype=dt) * 2 + 3
        case("layer_norm", {"input": (x, True), "weight": (torch.rand(n, dtype=dt), True), "bias": None},
             {"normalized_shape": [n]}, ["input", "weight"])
    w = torch.randn(6, 3, dtype=dt)
    idx = torch.tensor([[1, 2, 1], [5, 0, 1]])
    for pad in (None, 1, -1):
        case("embedding", {"indices": (idx, False), "weight": (w, True)},
             {} if pad is None else {"padding_idx": pad}, ["weight"])

# create_graph: the nodes that record the backward (names along the first inputs)
def chain(t, depth=3):
    out, fn = [], t.grad_fn
    while fn is not None and len(out) < depth:
        out.append(type(fn).__name__)
        fn = next((f for f, _ in fn.next_functions if f is not None and type(f).__name__ != "AccumulateGrad"), None)
    return out


second = {}
x, w, b = torch.randn(4, 3, dtype=torch.float64, requires_grad=True), torch.rand(3, dtype=torch.float64, requires_grad=True), torch.rand(3, dtype=torch.float64, requires_grad=True)
g = torch.randn(4, 3, dtype=torch.float64, requires_grad=True)
for name, f in (("batch_norm", lambda: F.batch_norm(x, None, None, w, b, True)),
                ("batch_norm_eval", lambda: F.batch_norm(x, torch.zeros(3, dtype=torch.float64), torch.ones(3, dtype=torch.float64), w, b, False)),
                ("layer_norm", lambda: F.layer_norm(x, [3], w, b))):
    gs = torch.autograd.grad(f(), [x, w, b], g, create_graph=True)
    second[name] = [type(t.grad_fn).__name__ for t in gs]
for pad in (None, 2):
    e = torch.randn(5, 3, dtype=torch.float64, requires_grad=True)
    gy = torch.randn(3, 3, dtype=torch.float64, requires_grad=True)
    ge, = torch.autograd.grad(F.embedding(torch.tensor([1, 2, 1]), e, pad), [e], gy, create_graph=True)
    h = torch.randn(5, 3, dtype=torch.float64, requires_grad=True)
    gg, = torch.autograd.grad(ge, [gy], h, create_graph=True)
    second["embedding padding_idx=%s" % pad] = [type(ge.grad_fn).__name__] + chain(gg)

errors = {}


def err(name, f):
    try:
        f()
    except Exception as e:
        errors[name] = type(e).__name__ + ": " + str(e)
    else:
        raise SystemExit(name + ": no error")


r = torch.randn
err("bn_one", lambda: F.batch_norm(r(1, 3), None, None, training=True))
err("bn_rm", lambda: F.batch_norm(r(2, 3), torch.zeros(4), torch.ones(3)))
err("bn_rv", lambda: F.batch_norm(r(2, 3), torch.zeros(3), torch.ones(2)))
err("bn_w", lambda: F.batch_norm(r(2, 3), torch.zeros(3), torch.ones(3), torch.ones(4)))
err("bn_b", lambda: F.batch_norm(r(2, 3), None, None, None, torch.ones(4), training=True))
err("bn_eval_none", lambda: F.batch_norm(r(2, 3), None, None, training=False))
err("bn_1d", lambda: F.batch_norm(r(3), None, None, training=True))
err("bn_int", lambda: F.batch_norm(torch.ones(2, 3, dtype=torch.long), None, None, training=True))
err("ln_shape", lambda: F.layer_norm(r(3, 5), [4]))
err("ln_long_shape", lambda: F.layer_norm(r(5), [2, 5]))
err("ln_w", lambda: F.layer_norm(r(3, 4), [4], torch.ones(3)))
err("ln_b", lambda: F.layer_norm(r(3, 4), [4], None, torch.ones(2, 2)))
err("ln_empty", lambda: F.layer_norm(r(3, 4), []))
err("ln_int", lambda: F.layer_norm(torch.ones(3, 4, dtype=torch.long), [4]))
err("emb_range", lambda: F.embedding(torch.tensor([0, 5]), r(5, 3)))
err("emb_neg", lambda: F.embedding(torch.tensor([0, -1]), r(5, 3)))
err("emb_float", lambda: F.embedding(torch.tensor([0., 1]), r(5, 3)))
err("emb_pad", lambda: F.embedding(torch.tensor([0, 1]), r(5, 3), 5))
err("emb_pad_neg", lambda: F.embedding(torch.tensor([0, 1]), r(5, 3), -6))
err("emb_w", lambda: F.embedding(torch.tensor([0, 1]), r(5)))

with open("norm_golden.json", "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases, "errors": errors, "second_order": second}, f, indent=1)
