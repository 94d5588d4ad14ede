#!/usr/bin/python3
"""Prints the order in which torch runs tensor hooks for the graphs of engine_test.go's
TestHookOrder (run with Debian's /usr/bin/python3 and its python3-torch)."""
import torch


def run(build):
    order = []
    out, named = build()
    for name, t in named.items():
        t.register_hook(lambda g, name=name: order.append(name))
    out.backward()
    return " ".join(order)


def chain_beside_a_leaf():
    a = torch.tensor(1., requires_grad=True)
    b = torch.tensor(2., requires_grad=True)
    w = a * 1
    u = b * 3
    v = u * 4
    return a * v + w, {"a": a, "b": b, "u": u, "v": v, "w": w}


def leaf_used_early_and_late():
    a = torch.tensor(1., requires_grad=True)
    b = torch.tensor(2., requires_grad=True)
    z = b * 1
    w = a * 1
    u = b * 3
    v = u * 4
    return a * v + w + z, {"a": a, "b": b, "u": u, "v": v, "w": w, "z": z}


print("chain beside a leaf:", run(chain_beside_a_leaf))
print("leaf used early and late:", run(leaf_used_early_and_late))
