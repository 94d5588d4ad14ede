#!/usr/bin/python3
"""The peer of BenchmarkVsMatplotlib: matplotlib drawing the same figure as the Go
benchmark's seedFigure (seed 004's visualize_results: a 100-point objective, gradient
steps as 'o-', two vertical lines from plt.ylim(), legend, title, labels; 12x4 inches)
to SVG and to PNG at 100 dpi. Prints mean nanoseconds per figure as JSON.

Run: /usr/bin/python3 bench_mpl.py N
"""
import io
import json
import sys
import time

import matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt
import numpy as np


def figure():
    obj = lambda x: x * np.cos(4 * x) + 2 * np.abs(x)
    th = np.linspace(-1, 1, 100)
    steps = np.array([0.5, 0.62, 0.67, 0.683])
    fig = plt.figure(figsize=(12, 4))
    plt.plot(th, obj(th), label='Objective')
    plt.plot(steps, obj(steps), 'o-', label='Gradient steps')
    plt.plot(np.ones(2) * -0.05, plt.ylim(), label='True theta')
    plt.plot(np.ones(2) * 0.683, plt.ylim(), label='Final theta')
    plt.legend()
    plt.title('step size 0.05')
    plt.xlabel('theta')
    plt.ylabel('objective')
    return fig


def bench(fmt, n):
    fig = figure()
    fig.savefig(io.BytesIO(), format=fmt, dpi=100)  # warm caches, as the Go side does
    t0 = time.perf_counter_ns()
    for _ in range(n):
        fig.savefig(io.BytesIO(), format=fmt, dpi=100)
    plt.close(fig)
    return (time.perf_counter_ns() - t0) / n


n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
print(json.dumps({'matplotlib': matplotlib.__version__,
                  'svg_ns': bench('svg', n), 'png_ns': bench('png', n)}))
