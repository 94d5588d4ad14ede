#!/usr/bin/python3
"""Write tqdm_goldens.json: tqdm's own text line (tqdm.format_meter, Debian's
python3-tqdm) for the bar states the Go tests draw.

Run: /usr/bin/python3 gen_goldens.py > tqdm_goldens.json
"""
import json

import tqdm
from tqdm import tqdm as T

# (n, total or None, elapsed seconds, description)
CASES = [
    (0, 500, 0.0, 'train'),
    (210, 500, 1.0, ''),
    (1, 4, 4.0, 'epoch'),
    (7, None, 2.0, ''),
    (7, None, 2.0, 'steps'),
    (50, 100, 7200.0, ''),
    (500, 500, 0.5, 'train'),
    (999, 1000, 59.99, ''),
    (3, 8, 0.7, ''),
    (1, 3, 1.0, ''),
    (5, 7, 3661.5, ''),
    (100, 300, 0.01, ''),
]
out = []
for n, total, elapsed, desc in CASES:
    out.append({'n': n, 'total': total or 0, 'elapsed': elapsed, 'desc': desc,
                'text': T.format_meter(n, total, elapsed, prefix=desc)})
print(json.dumps({'tqdm': tqdm.__version__, 'cases': out}, ensure_ascii=False, indent=1))
