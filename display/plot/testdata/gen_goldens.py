#!/usr/bin/python3
"""Write mpl_goldens.json: what matplotlib (Debian's python3-matplotlib) does for the
plots the Go tests build - axis limits after autoscaling, the visible tick labels, and
its error texts - so the tests compare against matplotlib, not against our own output.

Run: /usr/bin/python3 gen_goldens.py > mpl_goldens.json
"""
import json

import matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt
import numpy as np


def visible(ticks, lim):
    lo, hi = min(lim), max(lim)
    return [float(t) for t in ticks if lo - abs(lo) * 1e-9 <= t <= hi + abs(hi) * 1e-9]


def plain(values):
    """Floats for JSON, which has no NaN: NaN becomes null."""
    return [None if np.isnan(v) else float(v) for v in values]


def case(name, figsize, lines, vlines=(), yscale='linear'):
    """lines: list of (x, y) drawn with plt.plot; vlines: x values drawn with axvline."""
    fig = plt.figure(figsize=figsize)
    for x, y in lines:
        plt.plot(x, y)
    for v in vlines:
        plt.axvline(v)
    plt.yscale(yscale)
    ax = plt.gca()
    fig.canvas.draw()
    out = {
        'name': name, 'figsize': list(figsize),
        'lines': [[plain(x), plain(y)] for x, y in lines],
        'vlines': list(vlines), 'yscale': yscale,
        'xlim': list(ax.get_xlim()), 'ylim': list(ax.get_ylim()),
        'xticks': visible(ax.get_xticks(), ax.get_xlim()),
        'yticks': visible(ax.get_yticks(), ax.get_ylim()),
    }
    plt.close(fig)
    return out


th = np.linspace(-5, 5, 100)
obj = th * np.cos(4 * th) + 2 * np.abs(th)
x2 = np.linspace(0.5, 10, 200)
cases = [
    case('three points', (6.4, 4.8), [([0, 1, 2], [0, 10, 5])]),
    case('nan and axvline', (6.4, 4.8), [([0, 1, 2], [1, np.nan, 3])], vlines=[5]),
    case('single point', (6.4, 4.8), [([5], [5])]),
    case('zero point', (6.4, 4.8), [([0], [0])]),
    case('unit square', (6.4, 4.8), [([0, 1], [0, 1])]),
    case('seed 004 objective', (12, 4), [(th, obj)]),
    case('seed 002 sin', (8, 4), [(x2, np.sin(x2) * 4)]),
    # A loss curve on a log axis; the zero is left out.
    case('log loss', (6.4, 4.8), [([0, 1, 2, 3], [71, 1.6, 0, 1e-7])], yscale='log'),
]

# The seeds' idiom: a vertical line from plt.ylim() widens the y range again.
fig = plt.figure(figsize=(12, 4))
plt.plot(th, obj)
before = list(plt.ylim())
plt.plot(-0.05 * np.ones(2), plt.ylim())
idiom = {'before': before, 'after': list(plt.ylim())}
plt.close(fig)

errors = {}
try:
    plt.plot([1], [1], 'oz')
except ValueError as e:
    errors['format'] = str(e)
try:
    plt.plot([1, 2, 3], [1, 2])
except ValueError as e:
    errors['shapes'] = str(e)

print(json.dumps({'matplotlib': matplotlib.__version__, 'cases': cases,
                  'ylim_idiom': idiom, 'errors': errors}, indent=1))
