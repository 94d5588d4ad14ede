#!/usr/bin/python3
"""Regenerates reference_prints.json: the text outputs of the reference notebooks.

    /usr/bin/python3 tensor/testdata/gen_reference_prints.py \
        ../shared/reference/pytorch > tensor/testdata/reference_prints.json

The notebooks (PyTorch 1.13 runs of the tutorials gograd ports) live outside
the module; this copies what their code cells printed (stream output and the
text/plain of results, joined by newlines as a reader sees them) so the Go
tests in reference_print_test.go can rebuild those tensors and compare. Keys
are "<notebook number>/<cell index>", e.g. "000/3".
"""
import glob
import json
import os
import sys


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "../shared/reference/pytorch"
    out = {}
    for path in sorted(glob.glob(os.path.join(src, "*.ipynb"))):
        nb_id = os.path.basename(path).split("_")[0]
        with open(path) as f:
            nb = json.load(f)
        for i, cell in enumerate(nb["cells"]):
            if cell["cell_type"] != "code":
                continue
            texts = []
            for o in cell.get("outputs", []):
                if o["output_type"] == "stream":
                    texts.append("".join(o["text"]))
                elif "text/plain" in o.get("data", {}):
                    texts.append("".join(o["data"]["text/plain"]))
            if texts:
                out["%s/%d" % (nb_id, i)] = "\n".join(texts)
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
