#!/usr/bin/python3
"""The peer of BenchmarkVsTorchviz: PyTorch's side of drawing seed 004's regression graph
(cell 20) - build the graph, walk it as torchviz.make_dot does, and lay it out with
Graphviz's dot into SVG, as torchviz's graphviz package does by running dot.

torchviz itself is not installed here; the reference notebook's dot_source() helper is
its stand-in (same walk, DOT text out), so it is loaded from that notebook, not copied.
Prints mean nanoseconds per graph as JSON: walk only, and walk plus dot.

Run: /usr/bin/python3 bench_torchviz.py NOTEBOOK N
"""
import json
import subprocess
import sys
import time

import torch

nb_path, n = sys.argv[1], int(sys.argv[2])
nb = json.load(open(nb_path))
helper = next(''.join(c['source']) for c in nb['cells']
              if c['cell_type'] == 'code' and 'def dot_source' in ''.join(c['source']))
exec(helper)  # defines dot_source


def build():
    torch.manual_seed(42)
    X_train = torch.randn(100, 5).requires_grad_(True)
    y_train = torch.mean(X_train, axis=1)
    theta = torch.randn(5).requires_grad_(True)
    y_pred = torch.matmul(X_train, theta)
    mse_train = torch.mean((y_train - y_pred) ** 2)
    return dot_source(mse_train, dict(X_train=X_train, mse_train=mse_train, theta=theta),
                      show_attrs=True, show_saved=True)


def render(src):
    return subprocess.run(['dot', '-Tsvg'], input=src.encode(), capture_output=True, check=True).stdout


render(build())
t0 = time.perf_counter_ns()
for _ in range(n):
    build()
t1 = time.perf_counter_ns()
for _ in range(n):
    render(build())
t2 = time.perf_counter_ns()
print(json.dumps({'torch': torch.__version__, 'walk_ns': (t1 - t0) / n, 'render_ns': (t2 - t1) / n}))
