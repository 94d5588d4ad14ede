#!/usr/bin/python3
"""Goldens for package nn, produced by real PyTorch 1.13 (Debian python3-torch).

Run from this directory with Debian's interpreter (it re-runs itself under OpenBLAS,
see ../../internal/golden/golden.py):

    /usr/bin/python3 gen.py > nn.json

float32 values are stored as their IEEE-754 bit patterns (hex) so that tests can ask for
bit-exact agreement; reprs are stored as the exact text PyTorch prints.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../internal/golden"))
from golden import bits, dumps, use_openblas  # noqa: E402

use_openblas()  # before torch loads a BLAS

import torch
import torch.nn as nn



def linear_case(name, setup, shapes):
    """setup() draws from the default generator before the layers are built."""
    setup()
    layers = [nn.Linear(i, o, bias=b) for (i, o, b) in shapes]
    out = {"name": name, "layers": []}
    for (i, o, b), m in zip(shapes, layers):
        layer = {"in": i, "out": o, "bias": b, "repr": repr(m),
                 "weight_shape": list(m.weight.shape)}
        w = m.weight.detach().reshape(-1)
        if w.numel() > 2000:
            # a sample keeps the golden small; the float64 sum covers every element
            idx = list(range(0, w.numel(), 97))
            layer["weight_index"] = idx
            layer["weight_bits"] = bits(w[idx])
            layer["weight_sum"] = float(w.double().sum())
        else:
            layer["weight_bits"] = bits(w)
            layer["weight_repr"] = repr(m.weight)
        if b:
            layer["bias_bits"] = bits(m.bias)
            if m.bias.numel() <= 100:
                layer["bias_repr"] = repr(m.bias)
        out["layers"].append(layer)
    return out


def seed001_stream():
    # reference notebook 001: manual_seed(0) in cell 1, then the random cells before In [24]
    torch.manual_seed(0)
    torch.rand(3)
    torch.rand(3)
    torch.rand(3)
    torch.randn(3)


def seed004_stream():
    # reference notebook 004: cell 20's manual_seed(42) and draws, then cell 39's data
    torch.manual_seed(42)
    torch.randn(100, 5)
    torch.randn(5)
    torch.randn(64, 1000)
    torch.randn(64, 10)


init = [
    linear_case("seed0_linear_3_2", lambda: torch.manual_seed(0), [(3, 2, True)]),
    linear_case("seed7_linear_5_3_nobias", lambda: torch.manual_seed(7), [(5, 3, False)]),
    linear_case("seed001_linear_1_1", seed001_stream, [(1, 1, True)]),
    linear_case("seed004_mlp", seed004_stream, [(1000, 100, True), (100, 10, True)]),
]


def fixed_linear(i, o, bias=True):
    """A Linear with hand-set parameters, so forward tests do not depend on the RNG."""
    m = nn.Linear(i, o, bias=bias)
    with torch.no_grad():
        m.weight.copy_(torch.arange(i * o, dtype=torch.float32).reshape(o, i) * 0.25 - 0.5)
        if bias:
            m.bias.copy_(torch.arange(o, dtype=torch.float32) * 0.5 - 0.25)
    return m


forward = []
for name, x in [("input_2d", torch.tensor([[1.0, 2.0, 3.0], [-1.0, 0.5, 0.25]])),
                ("input_1d", torch.tensor([1.0, -2.0, 0.5])),
                ("input_3d", torch.tensor([[[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]],
                                           [[-1.0, 0.5, 0.25], [2.0, 0.0, -0.5]]]))]:
    for bias in (True, False):
        m = fixed_linear(3, 2, bias)
        y = m(x)
        (y * y).sum().backward()
        case = {"name": name + ("" if bias else "_nobias"), "bias": bias,
                "x": x.reshape(-1).tolist(), "x_shape": list(x.shape),
                "y_repr": repr(y), "weight_grad": repr(m.weight.grad)}
        if bias:
            case["bias_grad"] = repr(m.bias.grad)
        forward.append(case)

mse = []
inp = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]])
tgt = torch.tensor([[1.0, 0.0, 1.0], [-1.0, 0.5, 0.0]])
for red in ("mean", "sum", "none"):
    a = inp.clone().requires_grad_(True)
    b = tgt.clone().requires_grad_(True)
    loss = nn.MSELoss(reduction=red)(a, b)
    loss.backward(torch.ones_like(loss))
    mse.append({"reduction": red, "input": inp.reshape(-1).tolist(), "target": tgt.reshape(-1).tolist(),
                "shape": list(inp.shape), "loss_repr": repr(loss),
                "input_grad": repr(a.grad), "target_grad": repr(b.grad),
                "module_repr": repr(nn.MSELoss(reduction=red))})

class double(nn.Module):
    """A user's module without children or extra_repr, like nn_test.go's double."""

    def forward(self, x):
        return 2 * x


seq = nn.Sequential(nn.Linear(1000, 100), nn.ReLU(), nn.Linear(100, 10))
reprs = {
    "sequential": repr(seq),
    "sequential_names": [n for n, _ in seq.named_parameters()],
    "relu": repr(nn.ReLU()),
    "relu_out": repr(nn.ReLU()(torch.tensor([-1.0, 0.0, 2.5], requires_grad=True))),
    "nested": repr(nn.Sequential(nn.Sequential(nn.ReLU()), nn.ReLU())),
    "empty": repr(nn.Sequential()),
    "user_module": repr(nn.Sequential(nn.ReLU(), double())),
}
reprs["negative_linear"] = {}
for i, o in [(-1, 2), (2, -3), (-2, -1)]:
    try:
        nn.Linear(i, o)
    except RuntimeError as e:
        reprs["negative_linear"]["%d,%d" % (i, o)] = str(e)
reprs["bad_input"] = {}
for shape in [(4, 2), (2,), (2, 4, 2)]:
    try:
        nn.Linear(3, 2)(torch.ones(*shape))
    except RuntimeError as e:
        reprs["bad_input"][",".join(map(str, shape))] = str(e)
try:
    nn.MSELoss(reduction="avg")(torch.ones(1), torch.ones(1))
except ValueError as e:
    reprs["bad_reduction"] = str(e)


print(dumps({"init": init, "forward": forward, "mse": mse, "reprs": reprs}))
