#!/usr/bin/python3
"""nn.Conv2d, nn.Conv1d, nn.MaxPool2d and nn.AvgPool2d of PyTorch 1.13, for conv_test.go:

    cd autograd/nn/testdata && /usr/bin/python3 gen_conv.py   # writes conv.json

Each layer is built right after torch.manual_seed(seed): its repr, its parameters
(float32 values as float64, exact), and the grad_fn and values of its output on a
fixed input (2x4x8x8, for Conv1d 2x4x16).
"""
import json

import torch
import torch.nn as nn

out = {}
x = torch.linspace(-1, 1, 2 * 4 * 8 * 8).reshape(2, 4, 8, 8)
for name, seed, make in [
    ('conv', 0, lambda: nn.Conv2d(4, 6, 3)),
    ('conv_opts', 1, lambda: nn.Conv2d(4, 6, (3, 2), stride=2, padding=1, dilation=(1, 2), groups=2, bias=False)),
    ('pool', 2, lambda: nn.MaxPool2d(2)),
    ('pool_opts', 3, lambda: nn.MaxPool2d((3, 2), stride=1, padding=1)),
    ('avgpool', 4, lambda: nn.AvgPool2d(2)),
    ('avgpool_opts', 5, lambda: nn.AvgPool2d((3, 2), stride=(1, 2), padding=1)),
    ('adaptive', 6, lambda: nn.AdaptiveAvgPool2d((3, 2))),
    ('adaptive1', 7, lambda: nn.AdaptiveAvgPool2d(1)),
]:
    torch.manual_seed(seed)
    m = make()
    y = m(x)
    out[name] = {'repr': repr(m), 'params': [p.detach().flatten().tolist() for p in m.parameters()],
                 'grad_fn': type(y.grad_fn).__name__ if y.grad_fn is not None else None,
                 'shape': list(y.shape), 'out': y.detach().flatten().tolist()}
x1 = torch.linspace(-1, 1, 2 * 4 * 16).reshape(2, 4, 16)
for name, seed, make in [
    ('conv1d', 8, lambda: nn.Conv1d(4, 6, 3)),
    ('conv1d_opts', 9, lambda: nn.Conv1d(4, 6, 3, stride=2, padding=1, dilation=2, groups=2, bias=False)),
]:
    torch.manual_seed(seed)
    m = make()
    y = m(x1)
    out[name] = {'repr': repr(m), 'params': [p.detach().flatten().tolist() for p in m.parameters()],
                 'grad_fn': type(y.grad_fn).__name__, 'shape': list(y.shape), 'out': y.detach().flatten().tolist()}
json.dump(out, open('conv.json', 'w'), sort_keys=True)
