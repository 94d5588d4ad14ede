#!/usr/bin/python3
"""Goldens from real PyTorch (Debian python3-torch 1.13) for graph_test.go and
errors_test.go:

    /usr/bin/python3 torch_goldens.py   # writes graph_golden.json and errors_golden.json

graph_golden.json: per named expression, the grad_fn's class name, its saved attributes as
torchviz shows them ('[saved tensor]' for tensors, str() otherwise) and the class names of
its next functions. errors_golden.json: per named misuse, "ExceptionClass: message".
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '../internal/golden'))
from golden import err, saved_attrs  # noqa: E402


x = torch.tensor([1., 2.], requires_grad=True)
y = torch.tensor([3., 4.], requires_grad=True)
A = torch.ones(2, 3, requires_grad=True)
B = torch.ones(3, 2, requires_grad=True)
c = torch.tensor([5., 6.])
cases = {
    'x+y': x + y, 'x+2': x + 2, '2+x': 2 + x, 'x-y': x - y, 'x-2': x - 2, '2-x': 2 - x,
    'x*y': x * y, 'x*3': x * 3, 'c*x': c * x, '2/x': 2 / x, 'x/y': x / y, 'x/2': x / 2,
    'x**2': x ** 2, 'x**2.5': x ** 2.5, 'x**y': x ** y, '2**x': 2 ** x, '-x': -x,
    'abs': x.abs(), 'exp': x.exp(), 'log': x.log(), 'sin': x.sin(), 'cos': x.cos(),
    'tan': x.tan(), 'tanh': x.tanh(), 'sigmoid': x.sigmoid(), 'relu': x.relu(),
    'sqrt': x.sqrt(), 'reciprocal': x.reciprocal(), 'sign': x.sign(),
    'clamp': x.clamp(0, 1), 'maximum': torch.maximum(x, y), 'minimum': torch.minimum(x, y),
    'sum': x.sum(), 'sumdim': A.sum(1), 'sumkeep': A.sum(1, keepdim=True),
    'mean': x.mean(), 'meandim': A.mean(1), 'max': x.max(), 'min': x.min(),
    'maxdim': A.max(1)[0], 'mindim': A.min(1)[0], 'norm': x.norm(), 'prod': x.prod(),
    'stack': torch.stack([x, y]), 'cat': torch.cat([x, y]), 'permute': A.permute(1, 0),
    'T': A.T, 'transpose': A.transpose(0, 1), 'dot': x.dot(y), 'mm': A @ B,
    'mv': A @ torch.ones(3), 'matmul11': x @ y, 'select': A[0], 'selectcol': A[:, 0],
    'slice': x[1:], 'view': A.view(6), 'reshape': A.reshape(6), 'reshapeT': A.T.reshape(6),
    'unsqueeze': x.unsqueeze(0), 'squeeze': A[:1].squeeze(), 'squeezedim': A[:1].squeeze(0),
    'expand': x.unsqueeze(0).expand(3, 2), 'clone': x.clone(), 'double': x.double(),
    'diagonal': A.diagonal(), 'where': torch.where(x > 1, x, y), 'atan2': torch.atan2(x, y),
    't': A.t(), 'mT': A.mT, 'vecT': x.T, 'vect': x.t(), 'addmm': torch.addmm(x, A, B),
    'addmm_const': torch.addmm(c, A, B.detach()), 'addmm_colmajor': torch.addmm(x, A, A.t()),
    'proddim': A.prod(1), 'prodkeep': A.prod(-1, keepdim=True),
}
y0 = torch.empty(3)
y0[0] = x[0] * 2
cases['copyslices'] = y0
# relu's backward recorded under create_graph
cases['relu_grad'] = torch.autograd.grad(x.relu().sum(), x, create_graph=True)[0]
graph = {}
for k, v in cases.items():
    fn = v.grad_fn
    graph[k] = {'name': type(fn).__name__, 'attrs': saved_attrs(fn),
                'next': [type(n).__name__ if n is not None else None for n, _ in fn.next_functions]}
json.dump(graph, open('graph_golden.json', 'w'), indent=1, sort_keys=True)


def leaf():
    return torch.tensor([1., 2.], requires_grad=True)


def saved_output_modified():
    a = leaf(); b = a.exp(); b.add_(1); b.sum().backward()


def saved_leaf_modified():
    a = leaf(); k = torch.tensor([1., 2.]); b = a * k; k.add_(1); b.sum().backward()


def saved_detached_modified():
    a = leaf(); d = a.detach(); b = a.sin(); d.add_(1); b.sum().backward()


def backward_twice():
    s = leaf().sin().sum(); s.backward(); s.backward()


def grad_twice():
    a = leaf(); s = (a * a).sum(); torch.autograd.grad(s, a); torch.autograd.grad(s, a)


errors = {
    'int_requires_grad': err(lambda: torch.tensor([1, 2], requires_grad=True)),
    'int_requires_grad_': err(lambda: torch.tensor([1, 2]).requires_grad_()),
    'nonleaf_requires_grad_false': err(lambda: (leaf() * 2).requires_grad_(False)),
    'leaf_inplace': err(lambda: leaf().add_(1)),
    'leaf_view_inplace': err(lambda: leaf()[0].add_(1)),
    'leaf_setitem': err(lambda: leaf().__setitem__(0, 5.)),
    'saved_output_modified': err(saved_output_modified),
    'saved_leaf_modified': err(saved_leaf_modified),
    'saved_detached_modified': err(saved_detached_modified),
    'numpy_requires_grad': err(lambda: leaf().numpy()),
    'hook_no_grad': err(lambda: torch.tensor([1., 2.]).register_hook(lambda g: g)),
    'grad_unused': err(lambda: torch.autograd.grad(leaf().sum(), [leaf()])),
    'grad_input_no_grad': err(lambda: torch.autograd.grad(leaf().sum(), [torch.tensor([1.])])),
    'backward_shape_mismatch': err(lambda: (leaf() * 2).backward(torch.ones(3))),
    'backward_non_scalar': err(lambda: (leaf() * 2).backward()),
    'backward_no_grad_fn': err(lambda: torch.tensor([1., 2.]).sum().backward()),
    'backward_twice': err(backward_twice),
    'grad_twice': err(grad_twice),
    'item_many': err(lambda: leaf().item()),
    'mm_shapes': err(lambda: torch.ones(2, 3, requires_grad=True).mm(torch.ones(2, 3))),
    'broadcast': err(lambda: leaf() + torch.ones(3)),
}
json.dump(errors, open('errors_golden.json', 'w'), indent=1, sort_keys=True)
