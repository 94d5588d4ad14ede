#!/usr/bin/python3
"""Writes and executes the reference notebooks in this directory with real PyTorch 1.13.

    /usr/bin/python3 generate.py           # rewrite both notebooks and execute them
    /usr/bin/python3 generate.py --check   # execute fresh copies elsewhere and require
                                           # the same outputs as the committed ones

The cells are written here, in this script; nbconvert executes them on Debian's
python3 kernel (/usr/share/jupyter/kernels/python3) under Debian's OpenBLAS, the BLAS
the goldens of autograd/internal/golden pin. Per-cell execution timestamps are dropped
so that a re-run leaves the files unchanged.
"""

import copy
import json
import os
import subprocess
import sys
import tempfile

import nbformat

HERE = os.path.dirname(os.path.abspath(__file__))
OPENBLAS = "/usr/lib/x86_64-linux-gnu/openblas-pthread"


def md(text):
    return ("markdown", text.strip("\n"))


def code(text):
    return ("code", text.strip("\n"))


# ---------------------------------------------------------------------------------
# "Learning PyTorch with Examples": fitting y = sin(x) on [-pi, pi] with a cubic.

POLY_LOOP_NOTE = "2000 steps as in the tutorial, printing every 100th loss."

LEARNING_WITH_EXAMPLES = [
    md("""
# Learning PyTorch with Examples (reference run)

A third-order polynomial is fitted to `sin(x)` on [-pi, pi] several times over, each
time with more of PyTorch doing the work: tensors with gradients derived by hand,
autograd, a custom autograd `Function`, the `nn` package, an optimizer from `optim`,
a custom `nn.Module`, and a module whose forward pass changes from call to call.

Written for gograd's porting work after the steps of PyTorch's tutorial of the same
name; both random generators are seeded so that the outputs are reproducible.
"""),
    code("""
import math
import random

import torch

_ = torch.manual_seed(0)
random.seed(0)
dtype = torch.float
device = torch.device("cpu")
"""),
    md("""
## Tensors, gradients by hand

The forward pass computes the prediction and the squared error; the backward pass is
written out with the chain rule, and each coefficient moves against its gradient.
""" + POLY_LOOP_NOTE),
    code("""
x = torch.linspace(-math.pi, math.pi, 2000, device=device, dtype=dtype)
y = torch.sin(x)

a = torch.randn((), device=device, dtype=dtype)
b = torch.randn((), device=device, dtype=dtype)
c = torch.randn((), device=device, dtype=dtype)
d = torch.randn((), device=device, dtype=dtype)

learning_rate = 1e-6
for t in range(2000):
    y_pred = a + b * x + c * x ** 2 + d * x ** 3

    loss = (y_pred - y).pow(2).sum().item()
    if t % 100 == 99:
        print(t, loss)

    grad_y_pred = 2.0 * (y_pred - y)
    grad_a = grad_y_pred.sum()
    grad_b = (grad_y_pred * x).sum()
    grad_c = (grad_y_pred * x ** 2).sum()
    grad_d = (grad_y_pred * x ** 3).sum()

    a -= learning_rate * grad_a
    b -= learning_rate * grad_b
    c -= learning_rate * grad_c
    d -= learning_rate * grad_d

print(f'Result: y = {a.item()} + {b.item()} x + {c.item()} x^2 + {d.item()} x^3')
"""),
    md("""
## Autograd

The coefficients require gradients, `loss.backward()` computes them, and the update
runs under `torch.no_grad()`; the gradients are cleared after each update.
"""),
    code("""
a = torch.randn((), device=device, dtype=dtype, requires_grad=True)
b = torch.randn((), device=device, dtype=dtype, requires_grad=True)
c = torch.randn((), device=device, dtype=dtype, requires_grad=True)
d = torch.randn((), device=device, dtype=dtype, requires_grad=True)

learning_rate = 1e-6
for t in range(2000):
    y_pred = a + b * x + c * x ** 2 + d * x ** 3

    loss = (y_pred - y).pow(2).sum()
    if t % 100 == 99:
        print(t, loss.item())

    loss.backward()

    with torch.no_grad():
        a -= learning_rate * a.grad
        b -= learning_rate * b.grad
        c -= learning_rate * c.grad
        d -= learning_rate * d.grad

        a.grad = None
        b.grad = None
        c.grad = None
        d.grad = None

print(f'Result: y = {a.item()} + {b.item()} x + {c.item()} x^2 + {d.item()} x^3')
"""),
    md("""
## A custom autograd Function

The model becomes y = a + b P3(c + d x), with P3 the Legendre polynomial of degree
three, written as an autograd `Function` with its own forward and backward.
"""),
    code("""
class LegendrePolynomial3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return 0.5 * (5 * input ** 3 - 3 * input)

    @staticmethod
    def backward(ctx, grad_output):
        input, = ctx.saved_tensors
        return grad_output * 1.5 * (5 * input ** 2 - 1)
"""),
    code("""
a = torch.full((), 0.0, device=device, dtype=dtype, requires_grad=True)
b = torch.full((), -1.0, device=device, dtype=dtype, requires_grad=True)
c = torch.full((), 0.0, device=device, dtype=dtype, requires_grad=True)
d = torch.full((), 0.3, device=device, dtype=dtype, requires_grad=True)

learning_rate = 5e-6
for t in range(2000):
    P3 = LegendrePolynomial3.apply

    y_pred = a + b * P3(c + d * x)

    loss = (y_pred - y).pow(2).sum()
    if t % 100 == 99:
        print(t, loss.item())

    loss.backward()

    with torch.no_grad():
        a -= learning_rate * a.grad
        b -= learning_rate * b.grad
        c -= learning_rate * c.grad
        d -= learning_rate * d.grad

        a.grad = None
        b.grad = None
        c.grad = None
        d.grad = None

print(f'Result: y = {a.item()} + {b.item()} * P3({c.item()} + {d.item()} x)')
"""),
    md("""
## nn

The powers x, x^2, x^3 become the three input features of a `Linear` layer; `Flatten`
turns its (2000, 1) output into 2000 values, and `MSELoss` with `reduction='sum'` is the
loss. The update still runs by hand over `model.parameters()`.
"""),
    code("""
p = torch.tensor([1, 2, 3])
xx = x.unsqueeze(-1).pow(p)

model = torch.nn.Sequential(
    torch.nn.Linear(3, 1),
    torch.nn.Flatten(0, 1)
)
loss_fn = torch.nn.MSELoss(reduction='sum')

learning_rate = 1e-6
for t in range(2000):
    y_pred = model(xx)

    loss = loss_fn(y_pred, y)
    if t % 100 == 99:
        print(t, loss.item())

    model.zero_grad()
    loss.backward()

    with torch.no_grad():
        for param in model.parameters():
            param -= learning_rate * param.grad

linear_layer = model[0]
print(f'Result: y = {linear_layer.bias.item()} + {linear_layer.weight[:, 0].item()} x + {linear_layer.weight[:, 1].item()} x^2 + {linear_layer.weight[:, 2].item()} x^3')
"""),
    code("""
model
"""),
    md("""
## optim

The same model, with `torch.optim.RMSprop` doing the update.
"""),
    code("""
model = torch.nn.Sequential(
    torch.nn.Linear(3, 1),
    torch.nn.Flatten(0, 1)
)
loss_fn = torch.nn.MSELoss(reduction='sum')

learning_rate = 1e-3
optimizer = torch.optim.RMSprop(model.parameters(), lr=learning_rate)
for t in range(2000):
    y_pred = model(xx)

    loss = loss_fn(y_pred, y)
    if t % 100 == 99:
        print(t, loss.item())

    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

linear_layer = model[0]
print(f'Result: y = {linear_layer.bias.item()} + {linear_layer.weight[:, 0].item()} x + {linear_layer.weight[:, 1].item()} x^2 + {linear_layer.weight[:, 2].item()} x^3')
"""),
    md("""
## A custom nn.Module

The four coefficients are `Parameter`s of a module of our own, trained with SGD.
"""),
    code("""
class Polynomial3(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.a = torch.nn.Parameter(torch.randn(()))
        self.b = torch.nn.Parameter(torch.randn(()))
        self.c = torch.nn.Parameter(torch.randn(()))
        self.d = torch.nn.Parameter(torch.randn(()))

    def forward(self, x):
        return self.a + self.b * x + self.c * x ** 2 + self.d * x ** 3

    def string(self):
        return f'y = {self.a.item()} + {self.b.item()} x + {self.c.item()} x^2 + {self.d.item()} x^3'
"""),
    code("""
model = Polynomial3()
criterion = torch.nn.MSELoss(reduction='sum')
optimizer = torch.optim.SGD(model.parameters(), lr=1e-6)
for t in range(2000):
    y_pred = model(x)

    loss = criterion(y_pred, y)
    if t % 100 == 99:
        print(t, loss.item())

    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

print(f'Result: {model.string()}')
"""),
    md("""
## Control flow and weight sharing

Each forward pass draws, with Python's `random`, whether to add an x^4 term or x^4 and
x^5 terms, all with the same coefficient `e`. Trained with SGD and momentum for 3000
steps (the tutorial runs 30000), printing every 300th loss.
"""),
    code("""
class DynamicNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.a = torch.nn.Parameter(torch.randn(()))
        self.b = torch.nn.Parameter(torch.randn(()))
        self.c = torch.nn.Parameter(torch.randn(()))
        self.d = torch.nn.Parameter(torch.randn(()))
        self.e = torch.nn.Parameter(torch.randn(()))

    def forward(self, x):
        y = self.a + self.b * x + self.c * x ** 2 + self.d * x ** 3
        for exp in range(4, random.randint(4, 6)):
            y = y + self.e * x ** exp
        return y

    def string(self):
        return f'y = {self.a.item()} + {self.b.item()} x + {self.c.item()} x^2 + {self.d.item()} x^3 + {self.e.item()} x^4 ? + {self.e.item()} x^5 ?'
"""),
    code("""
model = DynamicNet()
criterion = torch.nn.MSELoss(reduction='sum')
optimizer = torch.optim.SGD(model.parameters(), lr=1e-8, momentum=0.9)
for t in range(3000):
    y_pred = model(x)

    loss = criterion(y_pred, y)
    if t % 300 == 299:
        print(t, loss.item())

    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

print(f'Result: {model.string()}')
"""),
]

# ---------------------------------------------------------------------------------
# The 60-minute blitz's "Neural Networks": a LeNet-style network on one random image.

NEURAL_NETWORKS = [
    md("""
# Neural Networks (reference run)

A small convolutional network of the LeNet kind is defined as an `nn.Module`, run on one
random 32x32 single-channel input, scored against a random target with `MSELoss`, and
updated once by hand and once with `torch.optim.SGD`.

Written for gograd's porting work after the steps of the "Neural Networks" part of
PyTorch's 60-minute blitz. The generator is seeded so that the weights, the input and
the outputs are reproducible. The autograd graph is shown by its nodes' class names: the
tutorial prints the node objects, whose text includes a memory address.
"""),
    code("""
import torch
import torch.nn as nn
import torch.nn.functional as F

_ = torch.manual_seed(0)
"""),
    md("""
## The network

Two convolutions, each followed by ReLU and 2x2 max pooling, then three fully connected
layers. Only `forward` is written; autograd supplies the backward pass.
"""),
    code("""
class Net(nn.Module):

    def __init__(self):
        super(Net, self).__init__()
        # 1 input channel, 6 output channels, 5x5 kernels
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        # 16 channels of 5x5 after the second pooling
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
        # a square window can be given as one number
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)  # all dimensions but the batch
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x


net = Net()
print(net)
"""),
    code("""
params = list(net.parameters())
print(len(params))
print(params[0].size())  # conv1's weight
"""),
    md("""
## A forward and a backward pass

The input is a batch of one image with one channel. Backward from the output needs a
gradient of the output's shape; the parameters' gradients are zeroed first.
"""),
    code("""
input = torch.randn(1, 1, 32, 32)
out = net(input)
print(out)
"""),
    code("""
net.zero_grad()
out.backward(torch.randn(1, 10))
"""),
    md("""
## Loss

`MSELoss` compares the output with a random target reshaped to the output's shape.
"""),
    code("""
output = net(input)
target = torch.randn(10)  # a dummy target
target = target.view(1, -1)  # the same shape as the output
criterion = nn.MSELoss()

loss = criterion(output, target)
print(loss)
"""),
    md("""
Following `grad_fn` backwards from the loss walks the graph: MSELoss, then the last
linear layer (an addmm), then the accumulation into its bias.
"""),
    code("""
print(type(loss.grad_fn).__name__)  # MSELoss
print(type(loss.grad_fn.next_functions[0][0]).__name__)  # Linear
print(type(loss.grad_fn.next_functions[0][0].next_functions[0][0]).__name__)  # its bias
"""),
    md("""
## Backprop

The existing gradients are zeroed, then the loss's backward pass fills them again.
"""),
    code("""
net.zero_grad()

print('conv1.bias.grad before backward')
print(net.conv1.bias.grad)

loss.backward()

print('conv1.bias.grad after backward')
print(net.conv1.bias.grad)
"""),
    md("""
## Updating the weights

Stochastic gradient descent by hand: weight = weight - learning_rate * gradient.
"""),
    code("""
learning_rate = 0.01
for f in net.parameters():
    f.data.sub_(f.grad.data * learning_rate)
"""),
    md("""
The same update with `torch.optim.SGD`, in a training step.
"""),
    code("""
import torch.optim as optim

optimizer = optim.SGD(net.parameters(), lr=0.01)

optimizer.zero_grad()
output = net(input)
loss = criterion(output, target)
loss.backward()
optimizer.step()
"""),
    md("""
Added for the port: a few more steps, so the loss shows the updates working.
"""),
    code("""
for step in range(5):
    optimizer.zero_grad()
    loss = criterion(net(input), target)
    loss.backward()
    optimizer.step()
    print(step, loss.item())
print(net(input))
"""),
]

NOTEBOOKS = {
    "learning_pytorch_with_examples.ipynb": LEARNING_WITH_EXAMPLES,
    "neural_networks.ipynb": NEURAL_NETWORKS,
}


def build(cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for i, (kind, src) in enumerate(cells):
        cell = nbformat.v4.new_code_cell(src) if kind == "code" else nbformat.v4.new_markdown_cell(src)
        cell["id"] = "cell-%03d" % i
        nb.cells.append(cell)
    return nb


def execute(path):
    # OpenBLAS's Haswell kernel, as the goldens and gograd's products (tensor/blas.go):
    # OpenBLAS 0.3.21 takes the generic Prescott kernel on CPU models newer than it
    # knows, whose float32 sums round differently in the last bits.
    env = dict(os.environ, LD_LIBRARY_PATH=OPENBLAS, PYTHONHASHSEED="0", OPENBLAS_CORETYPE="Haswell")
    env.pop("OPENBLAS_NUM_THREADS", None)
    subprocess.run(["/usr/bin/python3", "-m", "nbconvert", "--to", "notebook", "--execute", "--inplace",
                    "--ExecutePreprocessor.kernel_name=python3", "--ExecutePreprocessor.timeout=600", path],
                   env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nb.metadata["language_info"] = {"name": "python", "version": "%d.%d.%d" % sys.version_info[:3]}
    nbformat.write(nb, path)


def outputs(nb):
    return [copy.deepcopy(c.get("outputs")) for c in nb.cells]


def main():
    check = "--check" in sys.argv[1:]
    out_dir = tempfile.mkdtemp() if check else HERE
    failed = False
    for name, cells in NOTEBOOKS.items():
        path = os.path.join(out_dir, name)
        nbformat.write(build(cells), path)
        execute(path)
        if check:
            fresh = nbformat.read(path, as_version=4)
            saved = nbformat.read(os.path.join(HERE, name), as_version=4)
            if [c.source for c in fresh.cells] != [c.source for c in saved.cells]:
                print("%s: the committed cells differ from generate.py's" % name)
                failed = True
            elif outputs(fresh) != outputs(saved):
                for i, (f, s) in enumerate(zip(outputs(fresh), outputs(saved))):
                    if f != s:
                        print("%s cell %d: outputs differ\n  fresh %s\n  saved %s" % (name, i, json.dumps(f)[:300], json.dumps(s)[:300]))
                failed = True
            else:
                print("%s: same outputs" % name)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
