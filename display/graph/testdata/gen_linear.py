#!/usr/bin/python3
"""The torchviz pictures (DOT text) of nn.Linear on a batch, from real PyTorch 1.13.

torchviz is not installed; the reference notebook 004 defines dot_source(), which walks
grad_fn.next_functions exactly as torchviz.make_dot does. This script takes that helper
from the notebook, runs it on F.linear's AddmmBackward0 graph with show_attrs and
show_saved, and writes linear_batch.dot (input without grad) and linear_batch_grad.dot
(input requiring grad).

Run: /usr/bin/python3 gen_linear.py [path/to/004_236c1edac2d23677.ipynb]
"""
import json
import sys

import torch

NB = sys.argv[1] if len(sys.argv) > 1 else \
    '/work/shared/reference/pytorch/004_236c1edac2d23677.ipynb'
nb = json.load(open(NB))
helper = next(''.join(c['source']) for c in nb['cells'] if 'def dot_source' in ''.join(c['source']))
exec(helper)

for name, grad in [('linear_batch.dot', False), ('linear_batch_grad.dot', True)]:
    lin = torch.nn.Linear(3, 4)
    x = torch.ones(2, 3, requires_grad=grad)
    y = lin(x)
    src = dot_source(y, {'weight': lin.weight, 'bias': lin.bias, 'x': x, 'y': y},
                     show_attrs=True, show_saved=True)
    with open(name, 'w') as f:
        f.write(src + '\n')
    print(name, src.count('\n') + 1, 'lines')
