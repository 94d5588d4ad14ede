#!/usr/bin/python3
"""Goldens for package functional from real PyTorch (Debian python3-torch 1.13):

    cd autograd/nn/functional/testdata && OPENBLAS_CORETYPE=Haswell /usr/bin/python3 gen_functional.py

(OPENBLAS_CORETYPE=Haswell: the kernel gograd and the reference notebooks multiply with.)

writes functional_golden.json: per case, the function of torch.nn.functional, its
inputs (flat data, shape, dtype, requires_grad), keyword arguments, and torch's output
(values, shape), grad_fn name, saved attributes as torchviz lists them ('[saved
tensor]' for tensors), and the gradients of (output * w).sum() for the inputs that
require grad, w a fixed weight of the output's shape. errors: per misuse, the
exception as "Class: message".
"""
import json
import math
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../internal/golden'))
from golden import err, saved_attrs  # noqa: E402

torch.set_num_threads(1)
torch.manual_seed(0)
DT = {'float32': torch.float32, 'float64': torch.float64, 'int64': torch.int64}
DTN = {v: k for k, v in DT.items()}


def inp(t, grad=False):
    return {'data': t.flatten().tolist(), 'shape': list(t.shape), 'dtype': DTN[t.dtype], 'requires_grad': grad}


def build(s):
    t = torch.tensor(s['data'], dtype=DT[s['dtype']]).reshape(s['shape'])
    return t.requires_grad_(s['requires_grad'])


cases = []


def case(fn, ins, **kw):
    ts = [build(s) for s in ins]
    f = getattr(F, fn)
    out = f(*ts, **kw)
    gf = type(out.grad_fn).__name__ if out.grad_fn is not None else None
    at = saved_attrs(out.grad_fn) if out.grad_fn is not None else {}
    w = torch.linspace(-1, 1, out.numel(), dtype=out.dtype).reshape(out.shape) if out.numel() > 1 else torch.ones((), dtype=out.dtype)
    grads = []
    if out.requires_grad:
        need = [t for t in ts if t.requires_grad]
        gs = torch.autograd.grad((out * w).sum(), need)
        it = iter(gs)
        grads = [next(it).flatten().tolist() if t.requires_grad else None for t in ts]
    kwj = {k: {'tensor': inp(v)} if torch.is_tensor(v) else v for k, v in kw.items()}
    cases.append({'fn': fn, 'inputs': ins, 'kwargs': kwj, 'out': out.detach().flatten().tolist(),
                  'out_shape': list(out.shape), 'out_dtype': DTN[out.dtype],
                  'grad_fn': gf, 'attrs': at,
                  'grads': grads})


def randn(*shape, dtype=torch.float64):
    return torch.randn(*shape, dtype=dtype)


for dt in [torch.float64, torch.float32]:
    x = randn(3, 4, dtype=dt) * 2
    for dim in [0, 1, -1]:
        case('softmax', [inp(x, True)], dim=dim)
        case('log_softmax', [inp(x, True)], dim=dim)
    case('relu', [inp(x, True)])
    case('leaky_relu', [inp(x, True)])
    case('leaky_relu', [inp(x, True)], negative_slope=0.2)
    case('elu', [inp(x, True)])
    case('elu', [inp(x, True)], alpha=0.5)
    case('gelu', [inp(x, True)])
    case('gelu', [inp(x, True)], approximate='tanh')
    case('silu', [inp(x, True)])
    case('softplus', [inp(x, True)])
    case('softplus', [inp(x, True)], beta=2, threshold=1)
    case('sigmoid', [inp(x, True)])
    case('tanh', [inp(x, True)])
    case('hardtanh', [inp(x, True)])
    case('hardtanh', [inp(x, True)], min_val=-0.5, max_val=2.0)
    y = randn(3, 4, dtype=dt)
    for red in ['mean', 'sum', 'none']:
        case('mse_loss', [inp(x, True), inp(y, True)], reduction=red)
        case('l1_loss', [inp(x, True), inp(y)], reduction=red)
        case('smooth_l1_loss', [inp(x, True), inp(y, True)], reduction=red)
        case('huber_loss', [inp(x, True), inp(y)], reduction=red)
    case('smooth_l1_loss', [inp(x, True), inp(y)], beta=0.5)
    case('huber_loss', [inp(x, True), inp(y)], delta=0.5)
    logits = randn(5, 4, dtype=dt)
    target = torch.tensor([0, 3, 1, 1, 2])
    wt = torch.tensor([0.5, 1.0, 2.0, 1.5], dtype=dt)
    for red in ['mean', 'sum', 'none']:
        case('cross_entropy', [inp(logits, True), inp(target)], reduction=red)
        case('nll_loss', [inp(F.log_softmax(logits, 1), True), inp(target)], reduction=red)
        case('cross_entropy', [inp(logits, True), inp(target), inp(wt)], reduction=red)
        case('nll_loss', [inp(logits, True), inp(target), inp(wt)], reduction=red)
    tig = torch.tensor([0, -100, 1, 1, 2])
    case('cross_entropy', [inp(logits, True), inp(tig)])
    case('cross_entropy', [inp(logits, True), inp(torch.tensor([0, 3, 1, 3, 2]))], ignore_index=3)
    case('nll_loss', [inp(logits, True), inp(torch.tensor([0, 3, 1, 3, 2])), inp(wt)], ignore_index=3)
    case('cross_entropy', [inp(logits, True), inp(target)], label_smoothing=0.1)
    case('cross_entropy', [inp(logits, True), inp(target), inp(wt)], label_smoothing=0.2)
    probs = F.softmax(randn(5, 4, dtype=dt), 1)
    case('cross_entropy', [inp(logits, True), inp(probs)])
    case('cross_entropy', [inp(logits, True), inp(probs, True)], reduction='sum')
    case('cross_entropy', [inp(logits, True), inp(probs), inp(wt)], label_smoothing=0.1)
    # class dim 1 of an (N, C, d) input
    l3 = randn(2, 3, 2, dtype=dt)
    case('cross_entropy', [inp(l3, True), inp(torch.tensor([[0, 2], [1, 1]]))])
    case('cross_entropy', [inp(randn(4, dtype=dt), True), inp(torch.tensor(2))])
    t3 = torch.tensor([[0, 2], [1, -100]])
    for red in ['sum', 'none']:
        case('cross_entropy', [inp(l3, True), inp(t3), inp(wt[:3])], reduction=red)
    l4 = randn(2, 3, 2, 2, dtype=dt)
    t4 = torch.tensor([[[0, 2], [1, 1]], [[2, 0], [1, 0]]])
    for red in ['mean', 'none']:
        case('nll_loss', [inp(l4, True), inp(t4)], reduction=red)
        case('cross_entropy', [inp(l4, True), inp(t4)], reduction=red, label_smoothing=0.1)
    p = torch.sigmoid(randn(3, 4, dtype=dt))
    t01 = torch.rand(3, 4, dtype=dt)
    for red in ['mean', 'sum', 'none']:
        case('binary_cross_entropy', [inp(p, True), inp(t01)], reduction=red)
        case('binary_cross_entropy_with_logits', [inp(x, True), inp(t01)], reduction=red)
    case('binary_cross_entropy', [inp(p, True), inp(t01), inp(torch.rand(3, 4, dtype=dt))])
    case('binary_cross_entropy_with_logits', [inp(x, True), inp(t01, True)],
         pos_weight=torch.tensor([1.0, 2.0, 0.5, 3.0], dtype=dt))
    case('binary_cross_entropy_with_logits', [inp(x, True), inp(t01), inp(torch.rand(4, dtype=dt))])
    # linear, normalize, pad, one_hot
    x23, w43, b4 = randn(2, 3, dtype=dt), randn(4, 3, dtype=dt), randn(4, dtype=dt)
    case('linear', [inp(x23, True), inp(w43, True), inp(b4, True)])
    case('linear', [inp(x23), inp(w43, True)])
    case('linear', [inp(randn(3, dtype=dt), True), inp(w43, True), inp(b4, True)])
    case('linear', [inp(randn(2, 2, 3, dtype=dt), True), inp(w43, True), inp(b4, True)])
    case('normalize', [inp(x, True)])
    case('normalize', [inp(x, True)], p=2.0, dim=0)
    case('normalize', [inp(x, True)], p=1.0, dim=1)
    case('pad', [inp(x23, True)], pad=[1, 2])
    case('pad', [inp(x23, True)], pad=[1, 0, 0, 2], value=0.5)
    case('pad', [inp(x, True)], pad=[0, 1, 2, 1])
for dt in [torch.float64, torch.float32]:
    xc, wc, bc = randn(2, 3, 7, 6, dtype=dt), randn(4, 3, 3, 2, dtype=dt), randn(4, dtype=dt)
    case('conv2d', [inp(xc, True), inp(wc, True), inp(bc, True)])
    case('conv2d', [inp(xc, True), inp(wc, True)], stride=2, padding=1)
    case('conv2d', [inp(xc), inp(wc, True), inp(bc, True)], stride=[1, 2], padding=[2, 1], dilation=2)
    case('conv2d', [inp(randn(1, 4, 5, 5, dtype=dt), True), inp(randn(6, 2, 3, 3, dtype=dt), True), inp(randn(6, dtype=dt), True)], groups=2, padding=1)
    case('conv2d', [inp(randn(3, 5, 5, dtype=dt), True), inp(wc, True)])
for dt in [torch.float64, torch.float32]:
    xp = randn(2, 3, 6, 5, dtype=dt)
    case('max_pool2d', [inp(xp, True)], kernel_size=2)
    case('max_pool2d', [inp(xp, True)], kernel_size=[3, 2], stride=1, padding=1)
    case('max_pool2d', [inp(xp, True)], kernel_size=2, stride=[2, 1], dilation=2)
    case('max_pool2d', [inp(randn(3, 4, 4, dtype=dt), True)], kernel_size=2)
    case('avg_pool2d', [inp(xp, True)], kernel_size=2)
    case('adaptive_avg_pool2d', [inp(randn(2, 3, 7, 5, dtype=dt), True)], output_size=[3, 2])
    case('adaptive_avg_pool2d', [inp(randn(2, 3, 7, 5, dtype=dt), True)], output_size=1)
    case('adaptive_avg_pool2d', [inp(randn(3, 5, 4, dtype=dt), True)], output_size=2)
    case('avg_pool2d', [inp(xp, True)], kernel_size=[3, 2], stride=1, padding=1)
    case('avg_pool2d', [inp(randn(3, 4, 4, dtype=dt), True)], kernel_size=2, stride=[1, 2])
for dt in [torch.float64, torch.float32]:
    x1, w1, b1 = randn(2, 4, 9, dtype=dt), randn(6, 4, 3, dtype=dt), randn(6, dtype=dt)
    case('conv1d', [inp(x1, True), inp(w1, True), inp(b1, True)])
    case('conv1d', [inp(x1, True), inp(w1, True)], stride=2, padding=1)
    case('conv1d', [inp(x1), inp(w1, True), inp(b1, True)], stride=[3], padding=[2], dilation=2)
    case('conv1d', [inp(x1, True), inp(randn(6, 2, 2, dtype=dt), True), inp(b1, True)], groups=2, dilation=3, padding=1)
    case('conv1d', [inp(randn(4, 7, dtype=dt), True), inp(w1, True), inp(b1)])
case('one_hot', [inp(torch.tensor([0, 3, 1]))])
case('one_hot', [inp(torch.tensor([[0, 2], [1, 1]]))], num_classes=4)


a34 = torch.ones(3, 4, requires_grad=True)
errors = {
    'mse_shapes': err(lambda: F.mse_loss(a34, torch.ones(3, 5))),
    'mse_reduction': err(lambda: F.mse_loss(a34, torch.ones(3, 4), reduction='avg')),
    'ce_target_shape': err(lambda: F.cross_entropy(a34, torch.tensor([0, 1]))),
    'ce_target_range': err(lambda: F.cross_entropy(a34, torch.tensor([0, 1, 4]))),
    'ce_target_dtype': err(lambda: F.cross_entropy(a34, torch.tensor([0., 1., 2.]))),
    'nll_target_range': err(lambda: F.nll_loss(a34, torch.tensor([0, 1, -1]))),
    'nll_weight_shape': err(lambda: F.nll_loss(a34, torch.tensor([0, 1, 2]), weight=torch.ones(3))),
    'bce_shapes': err(lambda: F.binary_cross_entropy(torch.full((3, 4), 0.5, requires_grad=True), torch.ones(3))),
    'bce_range': err(lambda: F.binary_cross_entropy(torch.full((3,), 1.5), torch.ones(3))),
    'bcel_shapes': err(lambda: F.binary_cross_entropy_with_logits(a34, torch.ones(4, 3))),
    'softmax_dim': err(lambda: F.softmax(a34, dim=2)),
    'gelu_approx': err(lambda: F.gelu(a34, approximate='fast')),
    'softmax_int': err(lambda: F.softmax(torch.tensor([1, 2]), dim=0)),
    'one_hot_range': err(lambda: F.one_hot(torch.tensor([0, 3]), 3)),
    'one_hot_negative': err(lambda: F.one_hot(torch.tensor([0, -1]), 3)),
    'one_hot_float': err(lambda: F.one_hot(torch.tensor([0., 1.]), 3)),
    'pad_odd': err(lambda: F.pad(a34, [1, 2, 3])),
    'linear_shapes': err(lambda: F.linear(a34, torch.ones(2, 3))),
}
# dropout draws from the default generator: each case seeds it first
dropout = []
for seed, shape, dt, pr in [(3, [1000], torch.float32, 0.3), (42, [3, 4], torch.float64, 0.5),
                            (7, [2, 5], torch.float32, 1.0), (0, [4, 3], torch.float64, 0.1)]:
    x = torch.linspace(-2, 2, int(torch.tensor(shape).prod()), dtype=dt).reshape(shape).requires_grad_()
    torch.manual_seed(seed)
    y = F.dropout(x, pr)
    g, = torch.autograd.grad((y * torch.arange(y.numel(), dtype=dt).reshape(shape)).sum(), x)
    dropout.append({'seed': seed, 'shape': shape, 'dtype': DTN[dt], 'p': pr, 'out': y.detach().flatten().tolist(),
                    'grad': g.flatten().tolist(), 'grad_fn': type(y.grad_fn).__name__,
                    'next': [type(n).__name__ if n is not None else None for n, _ in y.grad_fn.next_functions]})
errors['dropout_p'] = err(lambda: F.dropout(a34, 1.5))
errors['conv_input_dim'] = err(lambda: F.conv2d(torch.ones(3, 4), torch.ones(4, 3, 3, 3)))
errors['conv_channels'] = err(lambda: F.conv2d(torch.ones(1, 4, 8, 8), torch.ones(4, 3, 3, 3)))
errors['conv_groups'] = err(lambda: F.conv2d(torch.ones(1, 6, 8, 8), torch.ones(4, 3, 3, 3), groups=4))
errors['pool_pad'] = err(lambda: F.max_pool2d(torch.ones(1, 1, 4, 4), 2, padding=2))
errors['pool_dim'] = err(lambda: F.max_pool2d(torch.ones(3, 4), 2))
errors['conv_small'] = err(lambda: F.conv2d(torch.ones(1, 3, 2, 2), torch.ones(4, 3, 3, 3)))
errors['conv1d_input_dim'] = err(lambda: F.conv1d(torch.ones(3, 4, 5, 6), torch.ones(4, 3, 3)))
errors['conv1d_channels'] = err(lambda: F.conv1d(torch.ones(1, 4, 8), torch.ones(4, 3, 3)))
errors['conv1d_groups'] = err(lambda: F.conv1d(torch.ones(1, 6, 8), torch.ones(4, 3, 3), groups=4))
errors['conv1d_small'] = err(lambda: F.conv1d(torch.ones(1, 3, 2), torch.ones(4, 3, 3)))
errors['conv1d_stride_len'] = err(lambda: F.conv1d(torch.ones(1, 3, 8), torch.ones(4, 3, 3), stride=[1, 2]))
errors['conv1d_padding_len'] = err(lambda: F.conv1d(torch.ones(1, 3, 8), torch.ones(4, 3, 3), padding=[1, 2]))
errors['conv1d_weight_dim'] = err(lambda: F.conv1d(torch.ones(3, 8), torch.ones(4, 3, 3, 3)))
errors['conv1d_weight_2d'] = err(lambda: F.conv1d(torch.ones(1, 3, 8), torch.ones(4, 3)))
errors['conv1d_negative_pad'] = err(lambda: F.conv1d(torch.ones(1, 3, 8), torch.ones(4, 3, 3), padding=-1))
errors['conv1d_stride0'] = err(lambda: F.conv1d(torch.ones(1, 3, 8), torch.ones(4, 3, 3), stride=0))
errors['conv1d_dilation0'] = err(lambda: F.conv1d(torch.ones(1, 3, 8), torch.ones(4, 3, 3), dilation=0))
errors['conv1d_groups0'] = err(lambda: F.conv1d(torch.ones(1, 3, 8), torch.ones(4, 3, 3), groups=0))
errors['conv1d_bias'] = err(lambda: F.conv1d(torch.ones(1, 3, 8), torch.ones(4, 3, 3), torch.ones(3)))
errors['conv2d_weight_5d'] = err(lambda: F.conv2d(torch.ones(1, 3, 8, 8), torch.ones(4, 3, 3, 3, 3)))
errors['conv2d_padding_len'] = err(lambda: F.conv2d(torch.ones(1, 3, 8, 8), torch.ones(4, 3, 3, 3), padding=[1, 1, 1]))
errors['conv2d_bias'] = err(lambda: F.conv2d(torch.ones(1, 3, 8, 8), torch.ones(4, 3, 3, 3), torch.ones(2, 2)))
errors['conv2d_dilation0'] = err(lambda: F.conv2d(torch.ones(1, 3, 8, 8), torch.ones(4, 3, 3, 3), dilation=0))
json.dump({'cases': cases, 'errors': errors, 'dropout': dropout}, open('functional_golden.json', 'w'), indent=0, sort_keys=True)
print(len(cases), 'cases', len(errors), 'errors')
