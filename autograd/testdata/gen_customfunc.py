#!/usr/bin/python3
"""Goldens from real PyTorch (Debian python3-torch 1.13) for customfunc_test.go:

    cd autograd/testdata && /usr/bin/python3 gen_customfunc.py   # writes customfunc_golden.json

Custom autograd Functions (torch.autograd.Function) in float64: values and gradients
(as float64 lists), reprs, grad_fn names, what torchviz would list for the node (the
_saved_ attributes: none for a Python Function), needs_input_grad, create_graph through
a backward written with torch ops, @once_differentiable, hooks, mark_dirty,
mark_non_differentiable, and the errors of a backward that returns the wrong number of
gradients, a wrong shape or a gradient for a non-tensor input.
"""
import json
import warnings
import os
import sys

import torch
from torch.autograd.function import once_differentiable

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '../internal/golden'))
from golden import dumps, err, saved_attrs  # noqa: E402

torch.set_num_threads(1)
warnings.simplefilter('ignore')
out = {}


def name(fn):
    return type(fn).__name__ if fn is not None else None


def f64(*v):
    return torch.tensor(v, dtype=torch.float64)


class LegendrePolynomial3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        out['forward_grad_enabled'] = torch.is_grad_enabled()
        return 0.5 * (5 * input ** 3 - 3 * input)

    @staticmethod
    def backward(ctx, grad_output):
        input, = ctx.saved_tensors
        out['backward_grad_enabled'] = torch.is_grad_enabled()
        return grad_output * 1.5 * (5 * input ** 2 - 1)


x = f64(0.5, -1, 2).requires_grad_()
y = LegendrePolynomial3.apply(x)
out['p3'] = {
    'repr': repr(y), 'grad_fn': name(y.grad_fn), 'grad_fn_name': y.grad_fn.name(),
    'next': [name(n) for n, _ in y.grad_fn.next_functions],
    'saved': saved_attrs(y.grad_fn), 'is_leaf': y.is_leaf,
}
y.sum().backward()
out['p3']['grad'] = x.grad.tolist()
out['p3']['twice'] = err(lambda: y.sum().backward())

# without an input that requires grad: a plain tensor
out['p3_plain'] = repr(LegendrePolynomial3.apply(f64(0.5, 2)))
with torch.no_grad():
    out['p3_nograd'] = repr(LegendrePolynomial3.apply(f64(0.5, 2).requires_grad_()))

# double backward through the backward's torch ops
x = f64(0.5, -1, 2).requires_grad_()
y = LegendrePolynomial3.apply(x)
g, = torch.autograd.grad(y.sum(), x, create_graph=True)
g2, = torch.autograd.grad(g.sum(), x)
out['p3_double'] = {'g': g.tolist(), 'g_repr': repr(g), 'g_fn': name(g.grad_fn), 'g2': g2.tolist(),
                    'backward_grad_enabled': out.pop('backward_grad_enabled')}
# create_graph into .grad
x = f64(0.5, -1, 2).requires_grad_()
LegendrePolynomial3.apply(x).sum().backward(create_graph=True)
out['p3_create_graph_grad'] = repr(x.grad)


class MulAdd(torch.autograd.Function):
    """x*y + x, two inputs; needs_input_grad is recorded in forward and backward."""
    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        out.setdefault('muladd_needs', []).append(list(ctx.needs_input_grad))
        return x * y + x

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_tensors
        out.setdefault('muladd_needs', []).append(list(ctx.needs_input_grad))
        gx = g * (y + 1) if ctx.needs_input_grad[0] else None
        gy = g * x if ctx.needs_input_grad[1] else None
        return gx, gy


a = f64(1, 2, 3).requires_grad_()
b = f64(4, 5, 6)
r = MulAdd.apply(a, b)
r.backward(f64(1, 1, 2))
out['muladd'] = {'repr': repr(r), 'next': [name(n) for n, _ in r.grad_fn.next_functions],
                 'a_grad': a.grad.tolist(), 'b_grad': repr(b.grad), 'needs': out.pop('muladd_needs')}

# hooks: on the Function's output and on its input
x = f64(0.5, -1, 2).requires_grad_()
y = LegendrePolynomial3.apply(x)
seen = []
y.register_hook(lambda g: seen.append(g.tolist()) or g * 2)
x.register_hook(lambda g: seen.append(g.tolist()))
y.sum().backward()
out['hooks'] = {'seen': seen, 'grad': x.grad.tolist()}


class Exp(torch.autograd.Function):
    """saves its output, as the docs' example does."""
    @staticmethod
    def forward(ctx, i):
        result = i.exp()
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx, g):
        result, = ctx.saved_tensors
        return g * result


x = f64(0.5, -1).requires_grad_()
y = Exp.apply(x)
g, = torch.autograd.grad(y.sum(), x, create_graph=True)
g2, = torch.autograd.grad(g.sum(), x)
out['exp'] = {'repr': repr(y), 'g': g.tolist(), 'g_fn': name(g.grad_fn), 'g2': g2.tolist()}
y = Exp.apply(x)
with torch.no_grad():
    y.mul_(2)
out['exp_inplace'] = err(lambda: y.sum().backward())


class Cube(torch.autograd.Function):
    """once_differentiable backward."""
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 3

    @staticmethod
    @once_differentiable
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * 3 * x ** 2


x = f64(0.5, -1, 2).requires_grad_()
y = Cube.apply(x)
g, = torch.autograd.grad(y.sum(), x)
out['once'] = {'g': g.tolist(), 'g_repr': repr(g)}
g, = torch.autograd.grad(Cube.apply(x).sum(), x, create_graph=True)
out['once']['cg_plain'] = repr(g)  # the seed needs no grad: nothing to record
g, = torch.autograd.grad((Cube.apply(x) ** 2).sum(), x, create_graph=True)
out['once']['cg_repr'] = repr(g)
out['once']['cg_fn'] = name(g.grad_fn)
out['once']['cg_next'] = [name(n) for n, _ in g.grad_fn.next_functions]
out['once']['second'] = err(lambda: g.sum().backward())
out['once']['second_grad'] = err(lambda: torch.autograd.grad(g.sum(), x))
x2 = f64(0.5, -1, 2).requires_grad_()
(Cube.apply(x2) ** 2).sum().backward(create_graph=True)
out['once']['grad_repr'] = repr(x2.grad)


def make(backward, fwd=lambda ctx, x: x * 2):
    return type('Bad', (torch.autograd.Function,), {
        'forward': staticmethod(fwd), 'backward': staticmethod(backward)})


x = f64(1, 2, 3).requires_grad_()
errs = {}
errs['too_many'] = err(lambda: make(lambda ctx, g: (g, g)).apply(x).sum().backward())
errs['too_few'] = err(lambda: make(lambda ctx, g: (g,), lambda ctx, x, y: x * y).apply(x, x).sum().backward())
errs['wrong_shape'] = err(lambda: make(lambda ctx, g: g[:2]).apply(x).sum().backward())
errs['wrong_shape_1'] = err(lambda: make(lambda ctx, g: g[:1]).apply(x).sum().backward())
errs['wrong_shape_2d'] = err(lambda: make(lambda ctx, g: g.reshape(3, 1)).apply(x).sum().backward())
# a gradient for an input that needs none is dropped, whatever its shape
errs['unneeded_shape'] = err(lambda: make(lambda ctx, g: (g * 2, g[:1]),
                                          lambda ctx, x, y: x * y).apply(x, f64(1, 1, 1)).sum().backward())
# a gradient for a None argument
errs['grad_for_none'] = err(lambda: make(lambda ctx, g: (g, g), lambda ctx, x, y: x * 2).apply(x, None).sum().backward())
out['errors'] = errs
# extra Nones are fine
x = f64(1, 2, 3).requires_grad_()
make(lambda ctx, g: (g * 2, None, None)).apply(x).sum().backward()
out['extra_none'] = x.grad.tolist()
# a broadcast gradient is summed to the input's shape; another dtype is cast
x = f64(1, 2, 3).requires_grad_()
make(lambda ctx, g: g.expand(2, 3)).apply(x).sum().backward()
out['reduced'] = x.grad.tolist()
x = f64(1, 2, 3).requires_grad_()
make(lambda ctx, g: g.float() * 3).apply(x).sum().backward()
out['cast'] = repr(x.grad)
# None for a needed input: no gradient
x = f64(1, 2, 3).requires_grad_()
w = f64(1, 1, 1).requires_grad_()
make(lambda ctx, g: (None, g), lambda ctx, x, y: x * y).apply(x, w).sum().backward()
out['none_grad'] = {'x': repr(x.grad), 'w': w.grad.tolist()}


class Relu(torch.autograd.Function):
    """mark_non_differentiable: the mask output."""
    @staticmethod
    def forward(ctx, x):
        m = x > 0
        ctx.mark_non_differentiable(m)
        return m


x = f64(-1, 2).requires_grad_()
m = Relu.apply(x)
out['nondiff'] = {'repr': repr(m), 'requires_grad': m.requires_grad, 'grad_fn': name(m.grad_fn)}


class AddOne_(torch.autograd.Function):
    """mark_dirty: the input changed in place and returned."""
    @staticmethod
    def forward(ctx, x):
        x.add_(1)
        ctx.mark_dirty(x)
        return x

    @staticmethod
    def backward(ctx, g):
        return g * 3


a = f64(1, 2).requires_grad_()
c = a * 1
r = AddOne_.apply(c)
out['dirty'] = {'same': r is c, 'repr': repr(c), 'grad_fn': name(c.grad_fn),
                'next': [name(n) for n, _ in c.grad_fn.next_functions], 'version': c._version}
c.sum().backward()
out['dirty']['grad'] = a.grad.tolist()
out['dirty']['leaf'] = err(lambda: AddOne_.apply(f64(1, 2).requires_grad_()))

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'customfunc_golden.json'), 'w') as f:
    f.write(dumps(out) + '\n')
