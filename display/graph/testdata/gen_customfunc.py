#!/usr/bin/python3
"""The torchviz picture (DOT text) of a custom autograd Function, from real PyTorch 1.13:
the model of "Learning PyTorch with Examples", y = a + b * P3(c + d * x), with
LegendrePolynomial3 a torch.autograd.Function. Its node is drawn as
LegendrePolynomial3Backward with no attributes (a Python Function's node has no _saved_
ones). dot_source() is the torchviz walk the reference notebook 004 defines (see
gen_linear.py).

Run: /usr/bin/python3 gen_customfunc.py [path/to/004_236c1edac2d23677.ipynb]
"""
import json
import sys

import torch

NB = sys.argv[1] if len(sys.argv) > 1 else \
    '/work/shared/reference/pytorch/004_236c1edac2d23677.ipynb'
nb = json.load(open(NB))
helper = next(''.join(c['source']) for c in nb['cells'] if 'def dot_source' in ''.join(c['source']))
exec(helper)


class LegendrePolynomial3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return 0.5 * (5 * input ** 3 - 3 * input)

    @staticmethod
    def backward(ctx, grad_output):
        input, = ctx.saved_tensors
        return grad_output * 1.5 * (5 * input ** 2 - 1)


x = torch.linspace(-1, 1, 3)
a, b, c, d = (torch.full((), v, requires_grad=True) for v in (0.0, -1.0, 0.0, 0.3))
y = a + b * LegendrePolynomial3.apply(c + d * x)
src = dot_source(y, {'a': a, 'b': b, 'c': c, 'd': d, 'y': y}, show_attrs=True, show_saved=True)
with open('legendre.dot', 'w') as f:
    f.write(src + '\n')
print(src)
