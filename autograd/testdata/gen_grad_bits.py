#!/usr/bin/python3
"""Generate grad_bits_golden.json: the bits of first and second derivatives of common ops
from real PyTorch (Debian python3-torch 1.13), and the names of the graph the first
derivative records under create_graph, for grad_bits_test.go.

    cd autograd/testdata && OPENBLAS_CORETYPE=Haswell /usr/bin/python3 gen_grad_bits.py > grad_bits_golden.json

(OpenBLAS must be the libblas.so.3 torch loads, as for tensor/testdata/gen_dot.py.)

Each case is an expression of float32 operands drawn at random (seeded), with
magnitudes and signs that make the rounding of each formula's steps show: a gradient
computed in another order than torch's differs in the last bits of some elements.
For y = f(inputs) and a random u, g = torch.autograd.grad(y, inputs, u,
create_graph=True); then, for each g_i that requires grad and a random v_i,
torch.autograd.grad(g_i, inputs, v_i, allow_unused=True). The graph of each g_i is
written depth first: a node's name, then its next functions in order in parentheses,
"None" for an edge to nothing and "^" before a node seen before.
"""
import json
import sys

import torch

torch.set_num_threads(1)
g = torch.Generator().manual_seed(7)


def rnd(*shape, lo=-2.0, hi=2.0):
    return (torch.rand(tuple(shape), generator=g) * (hi - lo) + lo)


def pos(*shape):
    return rnd(*shape, lo=0.3, hi=3.0)


def bits(t):
    # copied into a fresh tensor: some formulas return torch's storage-less zero tensor
    d = torch.zeros(t.shape, dtype=t.dtype).copy_(t.detach())
    return [format(b & 0xffffffff, "x") for b in d.view(torch.int32).flatten().tolist()]


def graph(fn, out, seen):
    if fn is None:
        out.append("None")
        return
    if fn in seen:
        out.append("^" + type(fn).__name__)
        return
    seen.add(fn)
    out.append(type(fn).__name__ + "(")
    for f, _ in fn.next_functions:
        graph(f, out, seen)
    out.append(")")


A, B, R, P, Q, M, V, W = rnd(3, 4), rnd(3, 4), rnd(4), pos(3, 4), pos(3, 4), rnd(4, 5), rnd(4), rnd(5)
# name -> (operands, function); the Go test declares the same names
cases = {
    "neg": ([A], lambda a: -a), "abs": ([A], torch.abs), "exp": ([A], torch.exp), "log": ([P], torch.log),
    "sin": ([A], torch.sin), "cos": ([A], torch.cos), "tanh": ([A], torch.tanh), "sigmoid": ([A], torch.sigmoid),
    "relu": ([A], torch.relu), "sqrt": ([P], torch.sqrt), "reciprocal": ([P], torch.reciprocal),
    "pow2": ([A], lambda a: a.pow(2)), "pow3": ([A], lambda a: a.pow(3)), "pow2.5": ([P], lambda a: a.pow(2.5)),
    "pow-1.5": ([P], lambda a: a.pow(-1.5)), "clamp": ([A], lambda a: a.clamp(-0.5, 0.5)),
    "mulscalar": ([A], lambda a: a * 2.5), "divscalar": ([A], lambda a: a / 3), "addscalar": ([A], lambda a: a + 1.5),
    "rsubscalar": ([A], lambda a: 1 - a),
    "add": ([A, B], torch.add), "sub": ([A, B], torch.sub), "mul": ([A, B], torch.mul), "div": ([A, Q], torch.div),
    "addrow": ([A, R], torch.add), "mulrow": ([A, R], torch.mul), "divrow": ([A, R.abs() + 0.5], torch.div),
    "maximum": ([A, B], torch.maximum), "minimum": ([A, B], torch.minimum), "atan2": ([A, B], torch.atan2),
    "powt": ([P, A], torch.pow),
    "sum": ([A], lambda a: a.sum()), "sumdim": ([A], lambda a: a.sum(1)), "mean": ([A], lambda a: a.mean()),
    "meandimkeep": ([A], lambda a: a.mean(1, keepdim=True)), "max": ([A], lambda a: a.max()), "maxties": ([torch.tensor([1., 3., 3., 2., 3., -1.])], lambda a: a.max()),
    "norm": ([A], lambda a: a.norm()), "prod": ([P], lambda a: a.prod()), "proddim": ([P], lambda a: a.prod(1)),
    "mm": ([A, M], torch.mm), "mv": ([M.t().contiguous(), V], torch.mv), "dot": ([V, R], torch.dot),
    "matmul": ([A, M], torch.matmul), "outer": ([V, W], torch.outer),
    "expmul": ([A, B], lambda a, b: (a * b).exp()), "tanhmm": ([A, M], lambda a, m: torch.tanh(a @ m)),
    "sigmoidsq": ([A], lambda a: torch.sigmoid(a) * torch.sigmoid(a)),
    "divnorm": ([A], lambda a: a / a.norm()), "softmaxish": ([A], lambda a: a.exp() / a.exp().sum(1, keepdim=True)),
    # shapes, broadcasts over several dims, more reductions and products
    "subcol": ([A, rnd(3, 1)], torch.sub), "mul3d": ([rnd(2, 3, 4), R], torch.mul),
    "div3dcol": ([rnd(2, 3, 4), pos(3, 1)], torch.div), "addbcast": ([rnd(2, 1, 4), rnd(3, 1)], torch.add),
    "sumdims": ([rnd(2, 3, 4)], lambda a: a.sum((0, 2))), "meandims": ([rnd(2, 3, 4)], lambda a: a.mean((0, 2), keepdim=True)),
    "maxdim": ([A], lambda a: a.max(1)[0]), "mindimkeep": ([A], lambda a: a.min(0, keepdim=True)[0]),
    "select": ([A], lambda a: a.select(1, 2) * a.select(1, 0)), "slice": ([A], lambda a: torch.ops.aten.slice(a, 1, 1, 4, 2).exp()),
    "transpose": ([A, rnd(4, 3)], lambda a, b: (a.t() * b).sin()),
    "permute": ([rnd(2, 3, 4)], lambda a: a.permute(2, 0, 1).exp() * 2),
    "expand": ([R], lambda a: a.expand(3, 4).exp()), "reshape": ([A], lambda a: a.reshape(2, 6).exp().sum(0)),
    "unsqueeze": ([R, rnd(3, 1)], lambda a, b: a.unsqueeze(0) * b),
    "cat": ([A, B], lambda a, b: torch.cat([a.exp(), b * a], 0)), "stack": ([A, B], lambda a, b: torch.stack([a, b * b], 1).sin()),
    "diagonal": ([rnd(4, 4)], lambda a: a.diagonal().exp()), "addmm": ([R, A, M[:, :4]], torch.addmm),
    "matmulbatch": ([rnd(2, 3, 4), M], torch.matmul), "matmulbatchvec": ([rnd(2, 3, 4), V], torch.matmul),
    "matmulvecbatch": ([V, rnd(2, 4, 5)], torch.matmul), "matmulmatbatch": ([A, rnd(2, 4, 5)], torch.matmul),
    "bmm": ([rnd(2, 3, 4), rnd(2, 4, 5)], torch.matmul), "bmmbcast": ([rnd(2, 1, 3, 4), rnd(5, 4, 2)], torch.matmul),
    "bmmtransposed": ([rnd(2, 4, 3), M], lambda a, m: a.transpose(1, 2) @ m),
 "mvgrad": ([A, V], lambda a, v: (a @ v).tanh()),
    "whererow": ([A, R], lambda a, r: torch.where(a > 0, a * a, r)), "powsqrtmix": ([P], lambda a: a.sqrt() * a.pow(1.5) / a),
    "logexp": ([A], lambda a: (a.exp() + 1).log()), "normdiv": ([A, B], lambda a, b: (a - b).norm() / a.norm()),
}
# products over zeros: the gradient is not result/self there (first derivatives only)
Z1 = torch.tensor([1.5, -2.25, 0.0, 3.1, 0.7, -0.0])
Z2 = torch.tensor([1.5, 0.0, -2.0, 0.0, 0.7])
ZM = torch.tensor([[1.3, 0.0, 2.7], [0.9, -1.1, 0.0], [0.0, 0.0, 1.7], [2.0, 3.0, 4.0]])
first_only = {
    "prodzero": ([Z1[:5]], lambda a: a.prod()), "prodnegzero": ([Z1[1:]], lambda a: a.prod()),
    "prodtwozeros": ([Z2], lambda a: a.prod()), "proddim0zeros": ([ZM], lambda a: a.prod(0)),
    "proddim1zeros": ([ZM], lambda a: a.prod(1, keepdim=True)),
}
out = []
for name, (ops, f) in list(cases.items()) + list(first_only.items()):
    ins = [o.clone().requires_grad_() for o in ops]
    y = f(*ins)
    u = rnd(*y.shape)
    create = name not in first_only
    gs = torch.autograd.grad(y, ins, u, create_graph=create)
    case = {"name": name, "inputs": [{"shape": list(t.shape), "bits": bits(t)} for t in ins],
            "y": bits(y), "u": bits(u), "g": [], "graph": [], "h": [], "first_only": not create}
    if not create:
        case["g"] = [bits(gi) for gi in gs]
        out.append(case)
        continue
    for gi in gs:
        case["g"].append(bits(gi))
        o = []
        graph(gi.grad_fn, o, set())
        case["graph"].append(" ".join(o))
    for gi in gs:
        v = rnd(*gi.shape)
        if not gi.requires_grad:
            case["h"].append({"v": bits(v), "grads": None})
            continue
        hs = torch.autograd.grad(gi, ins, v, retain_graph=True, allow_unused=True)
        case["h"].append({"v": bits(v), "grads": [None if h is None else bits(h) for h in hs]})
    out.append(case)
json.dump({"torch": torch.__version__, "cases": out}, sys.stdout)
