#!/usr/bin/python3
"""Reprs and grad_fn names of torch.nn's loss and activation modules (PyTorch 1.13),
for modules_test.go:

    cd autograd/nn/testdata && /usr/bin/python3 gen_modules.py   # writes modules.json

Each module is applied to a fixed input (and target for the losses); the golden holds
its repr, the output's grad_fn name and its values (float64).
"""
import json

import torch
import torch.nn as nn

x = torch.tensor([[-1.5, -0.2, 0.3, 2.5], [0.7, -3.0, 1.1, 0.05]], dtype=torch.float64, requires_grad=True)
y = torch.tensor([[0.5, -0.1, 0.2, 2.0], [1.0, -1.0, 0.0, 0.5]], dtype=torch.float64)
p = torch.tensor([[0.1, 0.9, 0.4, 0.6], [0.3, 0.2, 0.8, 0.5]], dtype=torch.float64)
cls = torch.tensor([3, 1])
acts = {
    'LeakyReLU()': nn.LeakyReLU(), 'LeakyReLU(0.2)': nn.LeakyReLU(0.2), 'ELU()': nn.ELU(),
    'ELU(0.5)': nn.ELU(0.5), 'GELU()': nn.GELU(), "GELU('tanh')": nn.GELU(approximate='tanh'),
    'SiLU()': nn.SiLU(), 'Softplus()': nn.Softplus(), 'Softplus(2, 10)': nn.Softplus(beta=2, threshold=10),
    'Sigmoid()': nn.Sigmoid(), 'Tanh()': nn.Tanh(), 'Hardtanh()': nn.Hardtanh(),
    'Hardtanh(-2.5, 2.5)': nn.Hardtanh(-2.5, 2.5), 'Softmax(1)': nn.Softmax(dim=1),
    'LogSoftmax(-1)': nn.LogSoftmax(dim=-1),
}
losses = {
    'L1Loss': (nn.L1Loss(), x, y), 'SmoothL1Loss': (nn.SmoothL1Loss(beta=0.5), x, y),
    'HuberLoss': (nn.HuberLoss(reduction='sum'), x, y), 'NLLLoss': (nn.NLLLoss(), x, cls),
    'CrossEntropyLoss': (nn.CrossEntropyLoss(label_smoothing=0.1), x, cls),
    'BCELoss': (nn.BCELoss(), torch.sigmoid(x), p), 'BCEWithLogitsLoss': (nn.BCEWithLogitsLoss(), x, p),
}
out = {}
for k, m in acts.items():
    r = m(x)
    out[k] = {'repr': repr(m), 'grad_fn': type(r.grad_fn).__name__, 'values': r.detach().flatten().tolist()}
for k, (m, a, b) in losses.items():
    r = m(a, b)
    out[k] = {'repr': repr(m), 'grad_fn': type(r.grad_fn).__name__, 'values': r.detach().flatten().tolist()}
json.dump(out, open('modules.json', 'w'), indent=1, sort_keys=True)
