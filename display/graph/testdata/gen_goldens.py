#!/usr/bin/python3
"""Extract the DOT text that torchviz's make_dot walk produced on real PyTorch 1.13.

The reference notebook 004 (executed on torch 1.13 with a dot_source() helper that walks
grad_fn.next_functions exactly like torchviz.make_dot) prints the DOT of four graphs.
This script copies each one to seed004_cellN.dot so that the Go tests compare against
PyTorch's own graphs, not against our output.

Run: /usr/bin/python3 gen_goldens.py [path/to/004_236c1edac2d23677.ipynb]
"""
import json
import sys

NB = sys.argv[1] if len(sys.argv) > 1 else \
    '/work/shared/reference/pytorch/004_236c1edac2d23677.ipynb'
CELLS = [11, 14, 17, 20]

nb = json.load(open(NB))
for i in CELLS:
    text = ''.join(''.join(o.get('text', '')) for o in nb['cells'][i]['outputs']
                   if o.get('output_type') == 'stream')
    start = text.index('digraph {')
    end = text.index('\n}', start) + 2
    with open('seed004_cell%d.dot' % i, 'w') as f:
        f.write(text[start:end] + '\n')
    print('seed004_cell%d.dot' % i, text[start:end].count('\n') + 1, 'lines')
