#!/usr/bin/python3
"""Write legend_goldens.json: where matplotlib's legend(loc="best") goes (Debian's
python3-matplotlib), with what it decided from, so the Go tests check the rule and not
our own output.

For each case: the axes box and the legend's size and pad in display units (pixels at
100 dpi, y up), each Line2D's path in display units, the badness matplotlib's rule gives
each candidate location (computed with matplotlib's own Bbox.count_contains and
Path.intersects_bbox, as Legend._find_best_position does), and the location the legend
was drawn at, as its code 1..10 (upper right ... center).

Run: /usr/bin/python3 gen_legend_goldens.py > legend_goldens.json
"""
import json
import math

import matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.transforms import Bbox

CODES = ['upper right', 'upper left', 'lower left', 'lower right', 'right',
         'center left', 'center right', 'lower center', 'upper center', 'center']


def case(name, figsize, lines, vlines=(), hlines=()):
    """lines: (x, y, fmt, label) drawn with plt.plot; vlines/hlines: axvline/axhline."""
    fig = plt.figure(figsize=figsize)
    for x, y, fmt, label in lines:
        plt.plot(x, y, fmt, label=label)
    for v in vlines:
        plt.axvline(v)
    for h in hlines:
        plt.axhline(h)
    ax = plt.gca()
    leg = plt.legend()
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    box = leg._legend_box.get_window_extent(renderer)
    w, h = box.width, box.height
    _, paths, _ = leg._auto_legend_data()
    anchor = leg.get_bbox_to_anchor()
    lower_lefts = [leg._get_anchored_bbox(i, Bbox.from_bounds(0, 0, w, h), anchor, renderer)
                   for i in range(1, len(leg.codes))]
    badness = []
    for l, b in lower_lefts:
        lb = Bbox.from_bounds(l, b, w, h)
        badness.append(int(sum(lb.count_contains(p.vertices) for p in paths)
                           + sum(p.intersects_bbox(lb, filled=False) for p in paths)))
    chosen = leg._find_best_position(w, h, renderer)
    drawn = leg.get_window_extent(renderer)
    assert np.allclose((drawn.x0, drawn.y0), chosen), (name, drawn, chosen)
    loc = [i for i, ll in enumerate(lower_lefts) if np.allclose(ll, chosen)][0] + 1
    # The first minimum, which is what the Go side must find from the badness alone.
    assert loc == badness.index(min(badness)) + 1, (name, loc, badness)
    out = {
        'name': name, 'figsize': list(figsize),
        'lines': [{'x': [float(v) for v in x], 'y': [float(v) for v in y], 'fmt': fmt, 'label': label}
                  for x, y, fmt, label in lines],
        'vlines': list(vlines), 'hlines': list(hlines),
        'axes': list(ax.bbox.bounds), 'legend_size': [w, h],
        'pad': leg.borderaxespad * renderer.points_to_pixels(leg._fontsize),
        'anchors': [list(map(float, ll)) for ll in lower_lefts],
        'paths': [p.vertices.tolist() for p in paths],
        'badness': badness, 'loc': loc, 'loc_name': CODES[loc - 1],
    }
    plt.close(fig)
    return out


def linspace32(lo, hi, n):
    """torch.linspace's float32 points, as the notebooks' tensors have them."""
    return np.linspace(lo, hi, n, dtype=np.float32)


x1 = linspace32(-math.pi, math.pi, 200)
x2 = linspace32(-2 * math.pi, 2 * math.pi, 200)
x5 = linspace32(0, 2 * math.pi, 5)
xp = np.linspace(-3, 3, 50)
xs = np.arange(10)
zx = np.linspace(0, 20, 61)
zy = np.where(np.arange(61) % 2 == 0, 3.0, 7.0)
cases = [
    case('sin and derivative', (6.4, 4.8),
         [(x1, np.sin(x1), '-', 'sin(x)'), (x1, np.cos(x1), '-', 'd/dx sin(x)')]),
    case('sin and derivative wide', (8, 4),
         [(x2, np.sin(x2), '-', 'f(x) = sin(x)'), (x2, np.cos(x2), '-', "f'(x) by autograd")]),
    case('five points', (6.4, 4.8),
         [(x5, np.sin(x5), '-', 'y(x)'), (x5, np.cos(x5), '-', "y'(x)")]),
    case('rising', (6.4, 4.8), [([0, 1, 2, 3, 4], [0, 1, 2, 3, 4], '-', 'rising')]),
    case('falling', (6.4, 4.8), [([0, 1, 2, 3, 4], [4, 3, 2, 1, 0], '-', 'falling')]),
    case('parabola', (6.4, 4.8), [(xp, xp ** 2, '-', 'x^2')]),
    case('bump', (6.4, 4.8), [(xp, np.exp(-xp ** 2), '-', 'gauss')]),
    # Two points: no vertex inside any box, so only the crossing counts.
    case('diagonal segment', (6.4, 4.8), [([0, 1], [0, 1], '-', 'y = x')]),
    # Markers only: matplotlib still counts the segments between them.
    case('markers', (6.4, 4.8), [(xs, xs % 3, 'o', 'points')]),
    # An unlabelled line and a vertical line count as well.
    case('unlabelled and axvline', (6.4, 4.8),
         [(xp, np.tanh(xp), '-', 'tanh'), (xp, 0.5 * np.ones_like(xp), '--', '_nolegend_')],
         vlines=[0.5]),
    case('three curves', (6.4, 4.8),
         [(xp, np.sin(xp), '-', 'sin'), (xp, np.cos(xp), '-', 'cos'),
          (xp, xp / 3, ':', 'x/3')], hlines=[-0.8]),
    case('many vertices under few', (6.4, 4.8),
         [(np.linspace(0, 1, 400), 0.02 * np.sin(40 * np.linspace(0, 1, 400)) + 0.95, '-', 'dense top'),
          ([0, 1], [0, 0.9], '-', 'sparse')]),
    # A zigzag crosses the middle row with its vertices above and below the boxes, one
    # point of badness each (one line); the corners hold a vertex of a flat line each,
    # two points. Counting every crossing segment instead would pick a corner.
    case('zigzag through the middle', (6.4, 4.8),
         [(zx, zy, '-', 'zigzag'), ([0.5, 10, 19.5], [10, 10, 10], '-', 'top'),
          ([0.5, 10, 19.5], [0, 0, 0], '-', 'bottom')]),
]

print(json.dumps({'matplotlib': matplotlib.__version__, 'cases': cases}, indent=1))
