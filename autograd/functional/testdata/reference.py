#!/usr/bin/python3
"""Copies what the reference notebooks (executed on PyTorch 1.13,
/work/shared/reference/pytorch) show for their torch.autograd.functional cells into
reference.json, for functional_test.go.

    /usr/bin/python3 reference.py [reference-dir] > reference.json
"""
import json
import sys

DIR = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/reference/pytorch"
# 001 cell 17 defines get_B and X, cell 18 takes the Jacobian and its diagonal, cell 19
# shows B_grad.
# 003 cell 24 computes dy/dx of y = x[:,0]**2 + x[:,1]**3 row by row with autograd.grad;
# its first print is the same numbers as the diagonal of the Jacobian.
CELLS = {"001_cell19_B_grad": ("001_988d20066ce97956.ipynb", 19),
         "003_cell24_dydx": ("003_daee78dc2d3bd14b.ipynb", 24)}

out = {}
for key, (name, idx) in CELLS.items():
    cell = json.load(open(f"{DIR}/{name}"))["cells"][idx]
    shown = ["".join(o["data"]["text/plain"]) for o in cell["outputs"] if o.get("output_type") == "execute_result"]
    stdout = "".join("".join(o["text"]) for o in cell["outputs"] if o.get("name") == "stdout")
    out[key] = {"notebook": name, "cell": idx, "source": "".join(cell["source"]),
                "result": shown[0] if shown else "", "stdout": stdout}
json.dump(out, sys.stdout, indent=1)
print()
