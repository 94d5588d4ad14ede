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


def graph(b_used_first):
    """a * (b*3*4) + a*1, plus b*1 made before everything else when b_used_first."""
    a = torch.tensor(1., requires_grad=True)
    b = torch.tensor(2., requires_grad=True)
    named = {"a": a, "b": b}
    if b_used_first:
        named["z"] = b * 1
    named["w"] = a * 1
    named["u"] = b * 3
    named["v"] = named["u"] * 4
    out = a * named["v"] + named["w"]
    if b_used_first:
        out = out + named["z"]
    return lambda: (out, named)


print("chain beside a leaf:", run(graph(False)))
print("leaf used early and late:", run(graph(True)))
