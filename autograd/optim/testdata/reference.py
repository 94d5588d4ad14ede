#!/usr/bin/python3
"""Copies the printed output of the training cells of the reference notebooks (executed
on PyTorch 1.13, /work/shared/reference/pytorch) into reference.json, for the seed tests.

    /usr/bin/python3 reference.py [reference-dir] > reference.json
"""
import json
import sys

DIR = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/reference/pytorch"
CELLS = {
    "001_cell32_manual_gd": ("001_988d20066ce97956.ipynb", 32),
    "001_cell34_sgd": ("001_988d20066ce97956.ipynb", 34),
    "001_cell36_linear": ("001_988d20066ce97956.ipynb", 36),
    "004_cell40_two_layer_net": ("004_236c1edac2d23677.ipynb", 40),
}

out = {}
for key, (name, idx) in CELLS.items():
    cell = json.load(open(f"{DIR}/{name}"))["cells"][idx]
    text = "".join("".join(o.get("text", "")) for o in cell["outputs"] if o.get("name") == "stdout")
    out[key] = {"notebook": name, "cell": idx, "source": "".join(cell["source"]), "stdout": text}
json.dump(out, sys.stdout, indent=1)
print()
