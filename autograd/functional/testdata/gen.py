#!/usr/bin/python3
"""Goldens for package functional: what torch.autograd.functional prints (PyTorch 1.13).

    /usr/bin/python3 gen.py > functional.json

Each case names a function that the Go test defines the same way, its inputs, and the
repr of every tensor in the result, flattened in PyTorch's nesting order.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../internal/golden"))
from golden import dumps, use_openblas  # noqa: E402

use_openblas()  # before torch loads a BLAS

import torch
from torch.autograd.functional import hessian, hvp, jacobian, jvp, vhp, vjp


def flat(r):
    if isinstance(r, torch.Tensor):
        return [repr(r)]
    out = []
    for e in r:
        out += flat(e)
    return out


def cube_minus(x):      # 3 * x**2 - x
    return 3 * x ** 2 - x


def get_B(X):           # seed 001, cell 17
    Bx = X[:, 0] ** 3 - X[:, 1] ** 2
    By = X[:, 1] ** 2 + X[:, 2] ** 2
    Bz = X[:, 2] ** 3 - X[:, 0] ** 2
    return torch.stack([Bx, By, Bz], dim=1)


def prod_sin(x, y):     # x*y + sin(x)
    return x * y + torch.sin(x)


def two_out(x):         # (x**2, sum(exp(x)))
    return x ** 2, torch.exp(x).sum()


def cubic_sum(x):       # sum(x**3)
    return (x ** 3).sum()


def xy_sum(x, y):       # sum(x*x*y)
    return (x * x * y).sum()


def cube(x):            # x**3
    return x ** 3


def sq_sum(x):          # sum(x**2)
    return (x ** 2).sum()


def plain_sum(x):       # sum(x)
    return x.sum()


def exp_reducer(x):     # exp(x).sum(dim=1)
    return x.exp().sum(dim=1)


x3 = torch.tensor([1.0, 2.0, 3.0])
y3 = torch.tensor([-1.0, 0.5, 2.0])
ar = torch.arange(0, 10, dtype=torch.float32)
X10 = torch.stack([ar, ar, ar], dim=1)
m22 = torch.tensor([[0.5, -1.0], [0.25, 1.5]])

cases = []


def add(op, fn, inputs, call, **kw):
    res = call()
    cases.append({"op": op, "fn": fn, "inputs": [t.tolist() for t in inputs],
                  "shapes": [list(t.shape) for t in inputs], "kwargs": kw, "reprs": flat(res)})


add("jacobian", "cube_minus", [x3], lambda: jacobian(cube_minus, x3))
add("jacobian", "cube_minus", [x3], lambda: jacobian(cube_minus, x3, create_graph=True), create_graph=True)
add("jacobian", "get_B", [X10], lambda: jacobian(get_B, X10))
add("jacobian", "prod_sin", [x3, y3], lambda: jacobian(prod_sin, (x3, y3)))
add("jacobian", "two_out", [x3], lambda: jacobian(two_out, x3))
add("hessian", "cubic_sum", [x3], lambda: hessian(cubic_sum, x3))
add("hessian", "xy_sum", [x3, y3], lambda: hessian(xy_sum, (x3, y3)))
add("vjp", "exp_reducer", [m22, torch.ones(2)], lambda: vjp(exp_reducer, m22, torch.ones(2)))
add("vjp", "cubic_sum", [x3], lambda: vjp(cubic_sum, x3))
add("vjp", "prod_sin", [x3, y3, torch.ones(3)], lambda: vjp(prod_sin, (x3, y3), torch.ones(3)))
add("jvp", "exp_reducer", [m22, torch.ones(2, 2)], lambda: jvp(exp_reducer, m22, torch.ones(2, 2)))
add("jvp", "prod_sin", [x3, y3, torch.ones(3), y3], lambda: jvp(prod_sin, (x3, y3), (torch.ones(3), y3)))
add("vhp", "cubic_sum", [x3, y3], lambda: vhp(cubic_sum, x3, y3))
add("hvp", "cubic_sum", [x3, y3], lambda: hvp(cubic_sum, x3, y3))
add("vhp", "xy_sum", [x3, y3, torch.ones(3), y3], lambda: vhp(xy_sum, (x3, y3), (torch.ones(3), y3)))
add("hvp", "xy_sum", [x3, y3, torch.ones(3), y3], lambda: hvp(xy_sum, (x3, y3), (torch.ones(3), y3)))
add("hvp", "cubic_sum", [x3, y3], lambda: hvp(cubic_sum, x3, y3, create_graph=True), create_graph=True)
# edge shapes: a 0-d input, a 0-d output, an empty input
s2 = torch.tensor(2.0)
add("jacobian", "cube", [s2], lambda: jacobian(cube, s2, create_graph=True), create_graph=True)
add("hessian", "cube", [s2], lambda: hessian(cube, s2))
add("jacobian", "sq_sum", [x3], lambda: jacobian(sq_sum, x3))
add("jacobian", "plain_sum", [torch.zeros(0)], lambda: jacobian(plain_sum, torch.zeros(0)))
# create_graph=True: results keep a grad_fn, whose name comes from the backward formulas
add("vjp", "exp_reducer", [m22, torch.ones(2)], lambda: vjp(exp_reducer, m22, torch.ones(2), create_graph=True),
    create_graph=True)
add("jvp", "exp_reducer", [m22, torch.ones(2, 2)], lambda: jvp(exp_reducer, m22, torch.ones(2, 2), create_graph=True),
    create_graph=True)
add("hessian", "cubic_sum", [x3], lambda: hessian(cubic_sum, x3, create_graph=True), create_graph=True)

# Error messages, each raised by a call the Go test repeats (see functional_test.go).
x2 = torch.tensor([1.0, 2.0])
errors = {}


def err(name, call):
    try:
        call()
    except RuntimeError as e:
        errors[name] = str(e)


def sq(x):
    return x * x


err("vjp_without_v", lambda: vjp(sq, x2))
err("vjp_bad_v", lambda: vjp(sq, x2, torch.ones(3)))
err("vjpN_bad_v", lambda: vjp(lambda a, b: (a * b, a + b), (x2, x2), (torch.ones(2), torch.ones(3))))
err("vjpN_short_v", lambda: vjp(lambda a, b: (a * b, a + b), (x2, x2), (torch.ones(2),)))
err("jvp_without_v", lambda: jvp(sq, x2))
err("hessian_of_vector", lambda: hessian(sq, x2))
err("strict_constant_output", lambda: jacobian(lambda x: torch.ones(1), x2, strict=True))
err("strict_independent_input", lambda: jacobian(lambda a, b: a * 2, (x2, x2), strict=True))
err("strict_vjp_independent", lambda: vjp(lambda a, b: a * 2, (x2, x2), torch.ones(2), strict=True))
err("vhp_of_vector", lambda: vhp(sq, x2, torch.ones(2)))
err("strict_hvp_linear", lambda: hvp(lambda x: (2 * x).sum(), x2, torch.ones(2), strict=True))
err("strict_linear_hessian", lambda: hessian(lambda x: (2 * x).sum(), x2, strict=True))

# A nested result as Python prints it: hessian of a function of two inputs.
nested = repr(hessian(xy_sum, (x3, y3)))


print(dumps({"cases": cases, "errors": errors, "nested": nested}))
