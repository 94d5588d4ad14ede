#!/usr/bin/python3
"""Extracts the printed output of every code cell of the reference notebooks (executed on
PyTorch 1.13 in ../shared/reference/pytorch) into reference_outputs.json, which
reference_test.go compares the Go ports of those cells against.

    /usr/bin/python3 extract_reference.py /work/shared/reference/pytorch > reference_outputs.json

Per cell: stdout text, then the text/plain of an execute_result, then "Name: message" of an
error, joined in output order; images and other MIME types are left out.
"""
import glob
import json
import os
import sys

src = sys.argv[1] if len(sys.argv) > 1 else '/work/shared/reference/pytorch'
out = {}
for path in sorted(glob.glob(os.path.join(src, '*.ipynb'))):
    nb = json.load(open(path))
    key = os.path.basename(path)[:3]
    cells = {}
    for i, c in enumerate(nb['cells']):
        if c['cell_type'] != 'code':
            continue
        text = ''
        for o in c.get('outputs', []):
            kind = o['output_type']
            if kind == 'stream' and o['name'] == 'stdout':
                text += ''.join(o['text'])
            elif kind == 'execute_result':
                text += ''.join(o['data'].get('text/plain', '')) + '\n'
            elif kind == 'error':
                text += '%s: %s\n' % (o['ename'], o['evalue'])
        cells[str(i)] = {'source': ''.join(c['source']), 'output': text}
    out[key] = cells
json.dump(out, sys.stdout, indent=1, sort_keys=True)
sys.stdout.write('\n')
