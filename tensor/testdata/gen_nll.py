#!/usr/bin/python3
"""Generate nll_golden.json: PyTorch 1.13's reduced nll_loss over (N, C) float32 inputs
(its cascade of partial sums), for nll_test.go.

Run from the repository root with Debian's python:
    /usr/bin/python3 tensor/testdata/gen_nll.py > tensor/testdata/nll_golden.json

Batches of 1 to 1200 samples (past the cascade's levels), with and without class
weights and an ignored class; sum and mean; the loss and the total weight as the hex
of their float32 bits, inputs as log-probabilities.
"""
import json
import sys

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)
g = torch.Generator().manual_seed(5)


def bits(t):
    return [format(int(b), "x") for b in t.detach().contiguous().numpy().view(np.uint32).ravel()]


batches = []
C = 7
for n in (1, 5, 16, 17, 100, 257, 1200):
    x = torch.log_softmax(torch.randn(n, C, generator=g) * 2, 1)
    t = torch.randint(0, C, (n,), generator=g)
    w = torch.rand(C, generator=g) + 0.25
    cases = []
    for weighted in (False, True):
        for ignore in (-100, 3):
            for red in ("sum", "mean"):
                loss = F.nll_loss(x, t, weight=w if weighted else None, ignore_index=ignore, reduction=red)
                cases.append({"weighted": weighted, "ignore": ignore, "reduction": red, "loss": bits(loss)[0]})
    batches.append({"n": n, "c": C, "x": bits(x), "target": t.tolist(), "weight": bits(w), "cases": cases})
json.dump({"torch": torch.__version__, "batches": batches}, sys.stdout)
