#!/usr/bin/python3
"""Goldens from real PyTorch (Debian python3-torch 1.13) for fidelity_test.go:

    cd autograd/testdata && /usr/bin/python3 gen_fidelity.py   # writes fidelity_golden.json

factories: torch.rand/randn/linspace/arange with dtype=torch.float64 (values as
float64, printed with repr so they round-trip), after torch.manual_seed(42).
create_graph: what a leaf's .grad is after backward(create_graph=True).
twice: the error of a second backward through ops that saved a Python number.
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '../internal/golden'))
from golden import err, saved_attrs  # noqa: E402

torch.set_num_threads(1)
out = {}

f = {}
torch.manual_seed(42)
f['rand3'] = torch.rand(3, dtype=torch.float64).tolist()
f['rand2x3'] = torch.rand(2, 3, dtype=torch.float64).tolist()
f['randn5'] = torch.randn(5, dtype=torch.float64).tolist()
f['randn20'] = torch.randn(20, dtype=torch.float64).tolist()
lin = []
for (a, b, n) in [(0, 1, 4), (-2, 3, 7), (0.5, 10, 200), (-6.283185307179586, 6.283185307179586, 200),
                  (1, -1, 33), (0, 1, 1), (3, 5, 2), (0, 100, 17), (-1e-3, 7.25, 101)]:
    lin.append({'start': a, 'end': b, 'steps': n,
                'values': torch.linspace(a, b, n, dtype=torch.float64).tolist()})
f['linspace'] = lin
ar = []
for args in [(5,), (0.0, 1.0, 0.1), (-3, 4.5, 0.7), (1, 2.5, 0.25), (0, 10), (2.0, -3.0, -0.3), (0, 3.3, 0.011)]:
    ar.append({'args': list(args), 'values': torch.arange(*args, dtype=torch.float64).tolist()})
f['arange'] = ar
out['factories'] = f


def name(fn):
    return type(fn).__name__ if fn is not None else None


x = torch.tensor([1., 2.], requires_grad=True)
y = (x * x).sum()
y.backward(create_graph=True)
g = x.grad
out['create_graph'] = {
    'repr': repr(g), 'grad_fn': name(g.grad_fn),
    'next': [name(n) for n, _ in g.grad_fn.next_functions],
    'version': g._version,
}
# the graph output a constant: the copy has no history
x2 = torch.tensor([1., 2.], requires_grad=True)
(x2 * 3).sum().backward(create_graph=True)
out['create_graph_const'] = {'repr': repr(x2.grad), 'grad_fn': name(x2.grad.grad_fn)}
# a retained non-leaf grad under create_graph
x3 = torch.tensor([1., 2.], requires_grad=True)
h = x3 * x3
h.retain_grad()
(h * h).sum().backward(create_graph=True)
out['create_graph_retained'] = {'repr': repr(h.grad), 'grad_fn': name(h.grad.grad_fn)}


def twice(op):
    def f():
        a = torch.tensor([1., 2.], requires_grad=True)
        s = op(a).sum()
        s.backward()
        s.backward()
    return f


out['twice'] = {
    'mul': err(twice(lambda a: a * 2)),
    'div': err(twice(lambda a: a / 2)),
    'pow0': err(twice(lambda a: a ** 0)),
    'add': err(twice(lambda a: a + 2)),
    'sub': err(twice(lambda a: a - 2)),
}


# the tensor API (api_test.go)
hooked = torch.tensor([1., 2.], requires_grad=True)
seen = []
h1 = hooked.register_hook(lambda g: seen.append('h1') or g * 10)
h2 = hooked.register_hook(lambda g: seen.append('h2'))
(hooked * hooked).sum().backward()
first = (list(seen), hooked.grad.tolist())
h1.remove()
h1.remove()
hooked.grad = None
seen.clear()
(hooked * hooked).sum().backward()
out['api'] = {
    'eye23': repr(torch.eye(2, 3)), 'eye32f64': repr(torch.eye(3, 2, dtype=torch.float64)),
    'eye_neg_n': err(lambda: torch.eye(-1, 3)), 'eye_neg_m': err(lambda: torch.eye(2, -2)),
    'len': len(torch.ones(4, 2)), 'len0d': err(lambda: len(torch.tensor(1.))),
    'tolist': torch.tensor([[1.5, 2], [3, 4]]).tolist(), 'tolist_int': torch.tensor([[1, 2]]).tolist(),
    'tolist_0d': torch.tensor(2.5).tolist(), 'tolist_bool': torch.tensor([True, False]).tolist(),
    'tolist_empty': torch.zeros(2, 0).tolist(),
    'hooks_first': first, 'hooks_after_remove': (list(seen), hooked.grad.tolist()),
}
json.dump(out, open('fidelity_golden.json', 'w'), indent=1, sort_keys=True)
